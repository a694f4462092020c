import type { Message } from "../../core/types.js";
import {
  arrayOf,
  PayloadMapping,
  type PieceSource,
  recordOf,
  roleOf,
  type StainlessAdapter,
  type StreamPiece,
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
    const channel = String(event.index);
    if (event.type === "content_block_start") {
      const block = recordOf(event.content_block);
      const text =
        block.type === "text" ? block.text : block.type === "thinking" ? block.thinking : undefined;
      return typeof text === "string" && text.length > 0
        ? [{ channel, text, path: ["content_block", block.type === "text" ? "text" : "thinking"] }]
        : [];
    }
    if (event.type !== "content_block_delta") return [];
    const delta = recordOf(event.delta);
    const field = {
      text_delta: "text",
      input_json_delta: "partial_json",
      thinking_delta: "thinking",
    }[String(delta.type)];
    const text = field === undefined ? undefined : delta[field];
    return typeof text === "string" && text.length > 0
      ? [{ channel, text, path: ["delta", field as string] } satisfies StreamPiece]
      : [];
  },
};
