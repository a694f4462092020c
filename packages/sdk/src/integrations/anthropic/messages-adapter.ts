import type { Message } from "../../core/types.js";
import {
  arrayOf,
  PayloadMapping,
  type PieceSource,
  piecesAt,
  recordOf,
  roleOf,
  type StainlessAdapter,
} from "../shared/index.js";

type Json = Record<string, unknown>;

/** The text pieces of one Anthropic content block at `at`. */
function blockPieces(block: unknown, at: (string | number)[]): PieceSource[] {
  const record = recordOf(block);
  switch (record.type) {
    case "text":
      return [{ path: [...at, "text"] }];
    case "thinking":
      return [{ path: [...at, "thinking"] }];
    case "tool_use":
    case "server_tool_use":
      return [{ path: [...at, "input"], json: true }];
    case "tool_result":
      return contentPieces(record.content, [...at, "content"]);
    case "document":
      return recordOf(record.source).type === "text"
        ? [{ path: [...at, "source", "data"], type: "document" }]
        : [];
    default:
      return [];
  }
}

/** The text pieces of a `content` field: a string, or blocks. */
function contentPieces(content: unknown, at: (string | number)[]): PieceSource[] {
  if (typeof content === "string") return [{ path: at }];
  return arrayOf(content).flatMap((block, index) => blockPieces(block, [...at, index]));
}

// Where a streamed block's text is: its start event's block, then its delta events, by type.
const startFields: Record<string, string> = { text: "text", thinking: "thinking" };
const deltaFields: Record<string, string> = {
  text_delta: "text",
  input_json_delta: "partial_json",
  thinking_delta: "thinking",
};

/** Maps `messages.create` requests, answers and streamed events. */
export const messagesAdapter: StainlessAdapter<Json, Json, Json> = {
  input(body) {
    const mapping = new PayloadMapping(body).add("system", contentPieces(body.system, ["system"]));
    arrayOf(body.messages).forEach((value, index) => {
      const message = recordOf(value);
      const pieces = contentPieces(message.content, ["messages", index, "content"]);
      const role = roleOf(message.role);
      const results = arrayOf(message.content).some(
        (block) => recordOf(block).type === "tool_result",
      );
      mapping.add(role === "user" && results ? "tool" : role, pieces);
    });
    return mapping;
  },
  output(response, context: Message[]) {
    return new PayloadMapping(response)
      .context(context)
      .add("assistant", contentPieces(response.content, ["content"]));
  },
  chunk(event) {
    const start = event.type === "content_block_start";
    const type = String(recordOf(start ? event.content_block : event.delta).type);
    const field = start
      ? startFields[type]
      : event.type === "content_block_delta"
        ? deltaFields[type]
        : undefined;
    if (field === undefined) return [];
    return piecesAt(event, [
      { channel: String(event.index), path: [start ? "content_block" : "delta", field] },
    ]);
  },
};
