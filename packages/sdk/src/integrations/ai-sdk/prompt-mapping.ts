import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import type { Message } from "../../core/types.js";
import {
  contentPieces,
  fieldsByType,
  type PartPieces,
  PayloadMapping,
  piecesAt,
  recordOf,
  roleOf,
  type StreamPiece,
} from "../shared/index.js";

const textParts = fieldsByType({ text: "text" });
const contentParts = fieldsByType({ text: "text", reasoning: "text", "tool-call": "input" });

/** The text pieces of one prompt part at `at`, tool results' outputs included. */
const partPieces: PartPieces = (part, at) => {
  const output = recordOf(part.output);
  switch (part.type) {
    case "text":
    case "reasoning":
      return [{ path: [...at, "text"] }];
    case "tool-call":
      return [{ path: [...at, "input"], json: true }];
    case "tool-result":
      // The output: text, JSON, or content parts of which text ones count.
      return output.type === "content"
        ? contentPieces(output.value, [...at, "output", "value"], textParts)
        : [{ path: [...at, "output", "value"], json: String(output.type).includes("json") }];
    default:
      return [];
  }
};

/** Maps a call's prompt (system, user, assistant and tool messages) to Anthale messages. */
export function promptMapping(params: LanguageModelV3CallOptions) {
  const mapping = new PayloadMapping(params);
  params.prompt.forEach((message, index) => {
    mapping.add(
      roleOf(message.role),
      contentPieces(message.content, ["prompt", index, "content"], partPieces),
    );
  });
  return mapping;
}

/** Maps a generate result's content (text, reasoning, tool calls) after the conversation. */
export function contentMapping<R extends { content: LanguageModelV3Content[] }>(
  result: R,
  context: Message[],
) {
  const pieces = result.content.flatMap((part, index) => contentParts(part, ["content", index]));
  return new PayloadMapping<R>(result).context(context).add("assistant", pieces);
}
/** The text pieces of one stream part. */
export function streamPartPieces(part: LanguageModelV3StreamPart): StreamPiece[] {
  switch (part.type) {
    case "text-delta":
    case "reasoning-delta":
    case "tool-input-delta":
      return piecesAt(part, [{ channel: `${part.type}:${part.id}`, path: ["delta"] }]);
    case "tool-call":
      return piecesAt(part, [
        { channel: `tool-call:${part.toolCallId}`, path: ["input"], snapshot: true },
      ]);
    default:
      return [];
  }
}
