import {
  arrayOf,
  contentPieces,
  type PartPieces,
  PayloadMapping,
  piecesAt,
  recordOf,
  roleOf,
  type StainlessAdapter,
} from "../shared/index.js";

type Json = Record<string, unknown>;

/** The text pieces of one Anthropic content block at `at`. */
const blockPieces: PartPieces = (block, at) => {
  switch (block.type) {
    case "text":
    case "thinking":
      return [{ path: [...at, block.type as string] }];
    case "tool_use":
    case "server_tool_use":
      return [{ path: [...at, "input"], json: true }];
    case "tool_result":
      return contentPieces(block.content, [...at, "content"], blockPieces);
    case "document":
      return recordOf(block.source).type === "text"
        ? [{ path: [...at, "source", "data"], type: "document" }]
        : [];
    default:
      return [];
  }
};

// Where a streamed block's text is: its start event's block, then its delta events, by type.
const streamedFields: Json = {
  text: "text",
  thinking: "thinking",
  text_delta: "text",
  input_json_delta: "partial_json",
  thinking_delta: "thinking",
};

/** Maps `messages.create` requests, answers and streamed events. */
export const messagesAdapter: StainlessAdapter<Json, Json, Json> = {
  input(body) {
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
  output(response, context) {
    return new PayloadMapping(response)
      .context(context)
      .add("assistant", contentPieces(response.content, ["content"], blockPieces));
  },
  chunk(event) {
    const at = event.type === "content_block_start" ? "content_block" : "delta";
    const field = streamedFields[String(recordOf(event[at]).type)];
    // Deltas only come in `content_block_delta` events.
    if (typeof field !== "string" || (at === "delta" && event.type !== "content_block_delta")) {
      return [];
    }
    return piecesAt(event, [{ channel: String(event.index), path: [at, field] }]);
  },
};
