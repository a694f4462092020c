import type { BaseMessage } from "@langchain/core/messages";
import type { Message, Metadata } from "../../core/types.js";
import {
  arrayOf,
  contentPieces,
  fieldsByType,
  type Guard,
  PayloadMapping,
  type PayloadPath,
  type PieceSource,
  roleOf,
} from "../shared/index.js";

/** The fields of a LangChain message that carry text: its content and its tool calls. */
export interface MessageView {
  content: unknown;
  tool_calls?: unknown[];
  tool_call_chunks?: unknown[];
}

/**
 * What a list of messages is mapped from: an optional system prompt and the messages. Redaction
 * writes into copies of the messages, which only carry the new text to {@link rebuild}.
 */
export interface MessagesPayload {
  system?: string | undefined;
  messages: readonly MessageView[];
}

type Fields = Record<string, unknown>;

const keptFields = [
  "id",
  "name",
  "additional_kwargs",
  "response_metadata",
  "tool_call_id",
  "status",
  "artifact",
  "usage_metadata",
  "invalid_tool_calls",
  "role",
] as const;

const textBlocks = fieldsByType({ text: "text" });

/** The pieces of one message at `at`: content, then tool-call arguments. */
export function messagePieces(view: MessageView, at: PayloadPath): PieceSource[] {
  return [
    ...contentPieces(view.content, [...at, "content"], textBlocks),
    ...arrayOf(view.tool_calls).map((_, call) => ({
      path: [...at, "tool_calls", call, "args"],
      json: true,
    })),
    ...arrayOf(view.tool_call_chunks).map((_, call) => ({
      path: [...at, "tool_call_chunks", call, "args"],
    })),
  ];
}

/** Maps a system prompt and messages; `context` goes first and is never written. */
export function messagesMapping(
  messages: readonly BaseMessage[],
  system?: string,
  context: Message[] = [],
): PayloadMapping<MessagesPayload> {
  const payload: MessagesPayload = { system, messages };
  const mapping = new PayloadMapping(payload)
    .context(context)
    .add("system", [{ path: ["system"] }]);
  messages.forEach((message, index) => {
    // A generic chat message names its role; the others are known by their type.
    const type = message.getType();
    const role = roleOf(type === "generic" ? (message as unknown as Fields).role : type);
    mapping.add(role, messagePieces(message, ["messages", index]));
  });
  return mapping;
}

/** A message of the same class as `message`, with the content and tool calls of `view`. */
export function rebuild<M extends BaseMessage>(message: M, view: MessageView): M {
  const fields: Fields = { content: view.content };
  for (const field of keptFields) {
    const value = (message as unknown as Fields)[field];
    if (value !== undefined) fields[field] = value;
  }
  if (view.tool_call_chunks?.length) fields.tool_call_chunks = view.tool_call_chunks;
  else if (view.tool_calls) fields.tool_calls = view.tool_calls;
  const Message = message.constructor as new (fields: Fields) => M;
  return new Message(fields);
}

/** `messages` with every message redaction changed in `after` rebuilt from its copy there. */
export function rebuildAll<M extends BaseMessage>(
  messages: readonly M[],
  before: MessagesPayload,
  after: MessagesPayload,
): M[] {
  return messages.map((message, index) => {
    const view = after.messages[index];
    return view && view !== before.messages[index] ? rebuild(message, view) : message;
  });
}

/** Checks a model's answer after the conversation `context`; returns it rebuilt when redacted. */
export async function checkAnswer<M extends BaseMessage>(
  guard: Guard,
  answer: M,
  context: Message[],
  metadata?: Metadata,
): Promise<M> {
  const mapping = messagesMapping([answer], undefined, context);
  return rebuildAll([answer], mapping.root, await guard.checkOutput(mapping, metadata))[0] as M;
}
