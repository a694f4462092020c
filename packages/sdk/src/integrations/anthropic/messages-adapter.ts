// How Anthropic `messages.create` (and its beta surface) maps to Anthale messages: the system
// prompt and messages with every block type, the answer's blocks, and the events of a stream.
import {
  type Adapter,
  arrayOf,
  contentPieces,
  type Json,
  type PartPieces,
  PayloadMapping,
  type PayloadPath,
  type PieceSource,
  piecesAt,
  recordOf,
  roleOf,
  type StreamPiece,
  statelessChunks,
} from "../shared/index.js";
import { type OpaqueField, stringPieces } from "../shared/string-pieces.js";

/** Blocks whose `input` is a tool call's arguments. */
const toolUseBlocks = new Set(["tool_use", "server_tool_use", "mcp_tool_use"]);

/**
 * Fields of a block that hold no text a model or a user wrote: ids, kinds, names, signatures,
 * encrypted or encoded data, addresses, media types and cache settings.
 */
const opaqueFields = new Set([
  "type",
  "id",
  "tool_use_id",
  "name",
  "server_name",
  "signature",
  "encrypted_content",
  "encrypted_index",
  "url",
  "media_type",
  "file_id",
  "cache_control",
]);

/** Whether a field holds no text: see `opaqueFields`; `data` is text only in a text source. */
const opaque: OpaqueField = (record, field) =>
  opaqueFields.has(field) || (field === "data" && record.type !== "text");

/** The text pieces of a document block at `at`: its title, context and text source. */
function documentPieces(block: Json, at: PayloadPath): PieceSource[] {
  const source = recordOf(block.source);
  const sourceAt = [...at, "source"];
  const fields: PieceSource[] = [{ path: [...at, "title"] }, { path: [...at, "context"] }];
  if (source.type === "text") return [...fields, { path: [...sourceAt, "data"], type: "document" }];
  if (source.type !== "content") return fields;
  return [...fields, ...contentPieces(source.content, [...sourceAt, "content"], blockPieces)];
}

/**
 * The text pieces of one Anthropic content block at `at`: text and its citations, thinking, tool
 * inputs, tool results, documents; nothing in images and redacted thinking; every string but ids
 * and encoded data in any other block (search results, the results of server tools, compaction,
 * and block types unknown here).
 */
const blockPieces: PartPieces = (block, at) => {
  switch (block.type) {
    case "text":
      return [
        { path: [...at, "text"] },
        ...stringPieces(block.citations, [...at, "citations"], opaque),
      ];
    case "thinking":
      return [{ path: [...at, "thinking"] }];
    case "image":
    case "redacted_thinking":
      return [];
    case "tool_result":
      return contentPieces(block.content, [...at, "content"], blockPieces);
    case "document":
      return documentPieces(block, at);
    default:
      return toolUseBlocks.has(String(block.type))
        ? [{ path: [...at, "input"], json: true }]
        : stringPieces(block, at, opaque);
  }
};

// Where a delta's text is, by delta type; the text adds to its block's channel.
const deltaFields: Json = {
  text_delta: "text",
  input_json_delta: "partial_json",
  thinking_delta: "thinking",
  compaction_delta: "content",
};

/**
 * The pieces of a block as a stream's start event gives it: a field of the block adds to the
 * block's channel (its deltas follow); deeper text (citations, a server tool's results) is on a
 * channel of its own. A tool call's input is left to its deltas.
 */
function startedBlockPieces(event: Json): StreamPiece[] {
  const block = recordOf(event.content_block);
  if (toolUseBlocks.has(String(block.type))) return [];
  const sources = blockPieces(block, ["content_block"]).map((source) => ({
    ...source,
    channel:
      source.path.length === 2 ? String(event.index) : `${event.index}:${source.path.join(".")}`,
  }));
  return piecesAt(event, sources);
}

/** The text pieces of one streamed event. */
function eventPieces(event: Json): StreamPiece[] {
  switch (event.type) {
    case "message_start": {
      const at = ["message", "content"];
      const sources = contentPieces(recordOf(event.message).content, at, blockPieces);
      return piecesAt(
        event,
        sources.map((source) => ({ ...source, channel: `start:${source.path.join(".")}` })),
      );
    }
    case "content_block_start":
      return startedBlockPieces(event);
    case "content_block_delta": {
      const delta = recordOf(event.delta);
      const field = deltaFields[String(delta.type)];
      if (typeof field === "string") {
        // A tool call's input is spelled out in pieces of JSON text.
        const json = delta.type === "input_json_delta" && typeof delta[field] === "string";
        return piecesAt(event, [{ channel: String(event.index), path: ["delta", field], json }]);
      }
      // Citations, and delta types unknown here: every string but ids and encoded data.
      return piecesAt(event, stringPieces(delta, ["delta"], opaque, `${event.index}:delta`));
    }
    default:
      return [];
  }
}

/** Maps `messages.create` requests, answers and streamed events. */
export const messagesAdapter: Adapter<Json, Json, Json> = {
  request(body) {
    const mapping = new PayloadMapping(body).add(
      "system",
      contentPieces(body.system, ["system"], blockPieces),
    );
    arrayOf(body.messages).forEach((message, index) => {
      const { role, content } = recordOf(message);
      // A user message carrying tool results is the tools speaking.
      const results = arrayOf(content).some((block) => recordOf(block).type === "tool_result");
      mapping.add(
        results && role === "user" ? "tool" : roleOf(role),
        contentPieces(content, ["messages", index, "content"], blockPieces),
      );
    });
    return mapping;
  },
  answer(response, context) {
    return new PayloadMapping(response)
      .context(context)
      .add("assistant", contentPieces(response.content, ["content"], blockPieces));
  },
  chunks: statelessChunks(eventPieces),
};
