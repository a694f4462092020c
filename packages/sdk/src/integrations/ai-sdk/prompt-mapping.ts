import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import type { Message } from "../../core/types.js";
import {
  arrayOf,
  PayloadMapping,
  type PieceSource,
  piecesAt,
  recordOf,
  roleOf,
  type StreamPiece,
} from "../shared/index.js";

/** The text pieces of a tool result's `output` at `at`. */
function toolOutputPieces(output: unknown, at: (string | number)[]): PieceSource[] {
  const record = recordOf(output);
  switch (record.type) {
    case "text":
    case "error-text":
      return [{ path: [...at, "value"] }];
    case "json":
    case "error-json":
      return [{ path: [...at, "value"], json: true }];
    case "content":
      return arrayOf(record.value).flatMap((part, index) =>
        recordOf(part).type === "text" ? [{ path: [...at, "value", index, "text"] }] : [],
      );
    default:
      return [];
  }
}

function partPieces(part: unknown, at: (string | number)[]): PieceSource[] {
  switch (recordOf(part).type) {
    case "text":
    case "reasoning":
      return [{ path: [...at, "text"] }];
    case "tool-call":
      return [{ path: [...at, "input"], json: true }];
    case "tool-result":
      return toolOutputPieces(recordOf(part).output, [...at, "output"]);
    default:
      return [];
  }
}

/** Maps a call's prompt (system, user, assistant and tool messages) to Anthale messages. */
export function promptMapping(params: LanguageModelV3CallOptions) {
  const mapping = new PayloadMapping(params);
  params.prompt.forEach((message, index) => {
    const at = ["prompt", index, "content"];
    const pieces =
      typeof message.content === "string"
        ? [{ path: at }]
        : arrayOf(message.content).flatMap((part, partIndex) =>
            partPieces(part, [...at, partIndex]),
          );
    mapping.add(roleOf(message.role), pieces);
  });
  return mapping;
}

/** Maps a generate result's content (text, reasoning, tool calls) after the conversation. */
export function contentMapping<R extends { content: LanguageModelV3Content[] }>(
  result: R,
  context: Message[],
) {
  const pieces = result.content.flatMap((part, index) => {
    if (part.type === "tool-call") return [{ path: ["content", index, "input"] }];
    return part.type === "text" || part.type === "reasoning"
      ? [{ path: ["content", index, "text"] }]
      : [];
  });
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
