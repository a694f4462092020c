import type { BaseMessage } from "@langchain/core/messages";
import type { Message, MessageRole } from "../../core/types.js";
import { arrayOf, PayloadMapping, type PieceSource, recordOf, roleOf } from "../shared/index.js";

/** The parts of a LangChain message that carry text: its content and its tool calls. */
export interface MessageView {
  content: unknown;
  tool_calls?: unknown[];
  tool_call_chunks?: unknown[];
}

/** What a list of messages is mapped from: an optional system prompt and the messages' views. */
export interface MessagesPayload {
  system?: string | undefined;
  messages: MessageView[];
}

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

/** The view of a message holding the fields redaction may rewrite. */
export function viewOf(message: BaseMessage): MessageView {
  const record = message as unknown as Record<string, unknown>;
  return {
    content: message.content,
    ...(Array.isArray(record.tool_calls) ? { tool_calls: record.tool_calls } : {}),
    ...(Array.isArray(record.tool_call_chunks)
      ? { tool_call_chunks: record.tool_call_chunks }
      : {}),
  };
}

function roleOfMessage(message: BaseMessage): MessageRole {
  const type = message.getType();
  if (type === "human") return "user";
  if (type === "generic") return roleOf((message as unknown as { role?: string }).role);
  return roleOf(type);
}

function contentPieces(content: unknown, at: (string | number)[]): PieceSource[] {
  if (typeof content === "string") return [{ path: at }];
  return arrayOf(content).flatMap((block, index) =>
    recordOf(block).type === "text" ? [{ path: [...at, index, "text"] }] : [],
  );
}

/** The pieces of one message view at `messages[index]`: content, then tool-call arguments. */
export function viewPieces(view: MessageView, index: number): PieceSource[] {
  const at = ["messages", index];
  return [
    ...contentPieces(view.content, [...at, "content"]),
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
  const payload: MessagesPayload = { system, messages: messages.map(viewOf) };
  const mapping = new PayloadMapping(payload)
    .context(context)
    .add("system", [{ path: ["system"] }]);
  messages.forEach((message, index) => {
    mapping.add(roleOfMessage(message), viewPieces(payload.messages[index] as MessageView, index));
  });
  return mapping;
}

/** A message of the same class as `message`, with the view's content and tool calls. */
export function rebuild<M extends BaseMessage>(message: M, view: MessageView): M {
  const record = message as unknown as Record<string, unknown>;
  const fields: Record<string, unknown> = { content: view.content };
  for (const field of keptFields) if (record[field] !== undefined) fields[field] = record[field];
  if (view.tool_call_chunks && view.tool_call_chunks.length > 0) {
    fields.tool_call_chunks = view.tool_call_chunks;
  } else if (view.tool_calls) fields.tool_calls = view.tool_calls;
  const Message = message.constructor as new (fields: Record<string, unknown>) => M;
  return new Message(fields);
}

/** `messages` with every message whose view changed rebuilt from it. */
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
