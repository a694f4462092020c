// How LangChain messages map to Anthale messages: every field of a message that carries text
// (content blocks, tool calls, provider fields), the messages rebuilt of their own class once
// redacted, and the chunks of a streamed answer.
import type { AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import type { Message } from "../../base/types.js";
import {
  type Adapter,
  arrayOf,
  type CallOptions,
  type Guard,
  PayloadMapping,
  type PayloadPath,
  piecesAt,
  recordOf,
  roleOf,
  type StreamPiece,
  statelessChunks,
  writePieces,
} from "../shared/index.js";
import { type ChannelPiece, channelKey, stringPieces } from "../shared/string-pieces.js";

/**
 * The fields of a LangChain message that carry text: its content, its tool calls (parsed, invalid
 * or in chunks), its provider-specific `additional_kwargs`, and the raw output a provider may keep
 * in `response_metadata.output`.
 */
interface MessageView {
  content: unknown;
  tool_calls?: unknown[];
  invalid_tool_calls?: unknown[];
  tool_call_chunks?: unknown[];
  additional_kwargs?: unknown;
  response_metadata?: unknown;
}

/**
 * What a list of messages is mapped from. Redaction writes into copies of the messages (same
 * prototype, own fields copied), which only carry the new text to {@link rebuild}.
 */
export interface MessagesPayload {
  messages: readonly BaseMessage[];
}

/**
 * A piece of a message, with the stream channel its text adds to: pieces of successive chunks that
 * share a channel are one text (the same content block, tool call or field, by its `index` when it
 * has one).
 */
type MessagePiece = ChannelPiece;

type Fields = Record<string, unknown>;

const keptFields = ["id", "name", "tool_call_id", "status", "artifact", "usage_metadata", "role"];

/** Content blocks holding media (images, audio, files): their data is not text to check. */
const mediaBlocks = new Set([
  "image",
  "image_url",
  "input_image",
  "audio",
  "input_audio",
  "video",
  "file",
  "input_file",
  "media",
]);

/** Content blocks whose `input` or `args` is a tool call's arguments (an object, or JSON text). */
const toolCallBlocks = new Set([
  "tool_use",
  "server_tool_use",
  "mcp_tool_use",
  "input_json_delta",
  "tool_call",
  "tool_call_chunk",
  "server_tool_call",
  "server_tool_call_chunk",
]);

/**
 * Fields that hold no text a model or a user wrote: identifiers, kinds, signatures, encrypted or
 * encoded data, addresses and media types.
 */
const opaqueFields = new Set([
  "type",
  "id",
  "index",
  "signature",
  "encrypted_content",
  "encrypted_index",
  "url",
  "mime_type",
  "mimeType",
  "media_type",
  "source_type",
  "file_id",
  "fileId",
  "tool_use_id",
  "tool_call_id",
  "call_id",
  "__openai_function_call_ids__",
]);

/** Whether `record[field]` holds no text: an opaque field, or `data` that is not a text source. */
function opaque(record: Fields, field: string): boolean {
  return opaqueFields.has(field) || (field === "data" && record.type !== "text");
}

/**
 * The pieces of one content block at `at`: nothing in a media block; a tool call's arguments (an
 * object sent as JSON, or JSON text, streamed in pieces or whole); every string of any other block (`text`, `thinking`,
 * `reasoning`, `refusal`, citations, search results, documents, and those of block types unknown
 * here), so no block that carries text goes unchecked.
 */
function blockPieces(block: Fields, at: PayloadPath, channel: string): MessagePiece[] {
  const type = String(block.type);
  if (mediaBlocks.has(type)) return [];
  if (!toolCallBlocks.has(type)) return stringPieces(block, at, opaque, channel);
  return ["input", "args"].flatMap((field) => {
    const value = block[field];
    const path = [...at, field];
    if (typeof value === "string") return [{ path, channel: `${channel}.${field}`, json: true }];
    return value !== null && typeof value === "object"
      ? [{ path, channel: `${channel}.${field}`, json: true }]
      : [];
  });
}

/** The pieces of a message's `content` at `at`: the string itself, or those of each block. */
function contentPieces(content: unknown, at: PayloadPath): MessagePiece[] {
  if (typeof content === "string") return [{ path: at, channel: "content" }];
  return arrayOf(content).flatMap((block, position) =>
    blockPieces(recordOf(block), [...at, position], `content.${channelKey(block, position)}`),
  );
}

/**
 * The arguments of the tool calls listed in `view[field]`, each on its own channel: an object
 * (parsed calls), or JSON text (the pieces of chunks, and the text of calls that did not parse).
 */
function callPieces(view: MessageView, field: keyof MessageView, at: PayloadPath) {
  return arrayOf(view[field]).flatMap((call, position): MessagePiece[] => {
    const args = recordOf(call).args;
    if (typeof args !== "string" && (args === null || typeof args !== "object")) return [];
    const channel = `${field}.${channelKey(call, position)}`;
    return [{ path: [...at, field, position, "args"], channel, json: true }];
  });
}

/**
 * Every string of a provider's raw fields (see `stringPieces`), a tool call's `arguments` marked
 * as JSON text: the field's name for them in OpenAI's raw tool calls, function calls and output
 * items.
 */
function rawPieces(value: unknown, at: PayloadPath, channel: string): MessagePiece[] {
  return stringPieces(value, at, opaque, channel).map((piece) =>
    piece.path.at(-1) === "arguments" ? { ...piece, json: true } : piece,
  );
}

/**
 * The pieces of one message at `at`: its content, its tool calls' arguments, every string of its
 * `additional_kwargs` (where providers keep reasoning, refusals and raw tool calls) and of
 * `response_metadata.output` (a raw copy of the answer). A chunk that has `tool_call_chunks`
 * derives its parsed and invalid tool calls from them: only the chunks are read.
 */
function messagePieces(view: MessageView, at: PayloadPath): MessagePiece[] {
  const chunked = arrayOf(view.tool_call_chunks).length > 0;
  return [
    ...contentPieces(view.content, [...at, "content"]),
    ...(chunked
      ? callPieces(view, "tool_call_chunks", at)
      : [...callPieces(view, "tool_calls", at), ...callPieces(view, "invalid_tool_calls", at)]),
    ...rawPieces(view.additional_kwargs, [...at, "additional_kwargs"], "additional_kwargs"),
    ...rawPieces(
      recordOf(view.response_metadata).output,
      [...at, "response_metadata", "output"],
      "response_metadata.output",
    ),
  ];
}

/** Maps messages (a system message among them); `context` goes first and is never written. */
function messagesMapping(
  payload: MessagesPayload,
  context: Message[] = [],
): PayloadMapping<MessagesPayload> {
  const mapping = new PayloadMapping(payload).context(context);
  payload.messages.forEach((message, index) => {
    // A generic chat message names its role; the others are known by their type.
    const type = message.getType();
    const role = roleOf(type === "generic" ? Reflect.get(message, "role") : type);
    mapping.add(role, messagePieces(message, ["messages", index]));
  });
  return mapping;
}

/** A message of the same class as `message`, with the text-carrying fields of `view`. */
function rebuild<M extends BaseMessage>(message: M, view: MessageView): M {
  const fields: Fields = { content: view.content };
  for (const field of keptFields) {
    const value: unknown = Reflect.get(message, field);
    if (value !== undefined) fields[field] = value;
  }
  if (view.additional_kwargs !== undefined) fields.additional_kwargs = view.additional_kwargs;
  if (view.response_metadata !== undefined) fields.response_metadata = view.response_metadata;
  // Chunks derive their parsed and invalid tool calls from `tool_call_chunks`.
  if (view.tool_call_chunks?.length) fields.tool_call_chunks = view.tool_call_chunks;
  else {
    if (view.tool_calls) fields.tool_calls = view.tool_calls;
    if (view.invalid_tool_calls) fields.invalid_tool_calls = view.invalid_tool_calls;
  }
  // Every LangChain message class is built from its fields (its public constructor).
  const Message = message.constructor as new (fields: Fields) => M;
  return new Message(fields);
}

/**
 * `message`, the message at `index` of `before`, rebuilt from its copy in `after` when redaction
 * changed it; `message` itself otherwise.
 */
export function rebuildAt<M extends BaseMessage>(
  message: M,
  index: number,
  before: MessagesPayload,
  after: MessagesPayload,
): M {
  const view = after.messages[index];
  return view && view !== before.messages[index] ? rebuild(message, view) : message;
}

/** `messages` with every message redaction changed in `after` rebuilt from its copy there. */
export function rebuildAll<M extends BaseMessage>(
  messages: readonly M[],
  before: MessagesPayload,
  after: MessagesPayload,
): M[] {
  return messages.map((message, index) => rebuildAt(message, index, before, after));
}

/** Checks a model's answer after the conversation `context`; returns it rebuilt when redacted. */
export async function checkAnswer<M extends BaseMessage>(
  guard: Guard,
  answer: M,
  context: Message[],
  options?: CallOptions,
): Promise<M> {
  const mapping = messagesMapping({ messages: [answer] }, context);
  return rebuildAt(answer, 0, mapping.root, await guard.checkOutput(mapping, options));
}

/** The text pieces of a streamed chunk: each content block, tool call and field a channel. */
function chunkPieces(chunk: AIMessageChunk): StreamPiece[] {
  return piecesAt(chunk, messagePieces(chunk, []));
}

/** A chunk with its pieces' texts replaced, rebuilt as a chunk of its own class. */
function writeChunk(chunk: AIMessageChunk, texts: string[]): AIMessageChunk {
  const written = writePieces(chunk, chunkPieces(chunk), texts);
  return written === chunk ? chunk : rebuild(chunk, written);
}

/** Maps LangChain messages (a request, or an answer after its conversation) and streamed chunks. */
export const messagesAdapter: Adapter<MessagesPayload, MessagesPayload, AIMessageChunk> = {
  request: (payload) => messagesMapping(payload),
  answer: (payload, context) => messagesMapping(payload, context),
  chunks: statelessChunks(chunkPieces, writeChunk),
};
