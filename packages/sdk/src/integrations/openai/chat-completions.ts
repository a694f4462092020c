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

/** The text pieces of an OpenAI message's `content` (a string, or parts of which `text` ones count). */
export function contentPieces(content: unknown, at: (string | number)[]): PieceSource[] {
  if (typeof content === "string") return [{ path: at }];
  return arrayOf(content).flatMap((part, index) => {
    const type = recordOf(part).type;
    return type === "text" || type === "input_text" || type === "output_text"
      ? [{ path: [...at, index, "text"] }]
      : [];
  });
}

function toolCallPieces(message: Json, at: (string | number)[]): PieceSource[] {
  return arrayOf(message.tool_calls).flatMap((call, index) => {
    const record = recordOf(call);
    if (record.function !== undefined)
      return [{ path: [...at, "tool_calls", index, "function", "arguments"] }];
    return record.custom !== undefined
      ? [{ path: [...at, "tool_calls", index, "custom", "input"] }]
      : [];
  });
}

/** Maps `chat.completions.create` requests, answers and chunks. */
export const chatCompletionsAdapter: StainlessAdapter<Json, Json, Json> = {
  input(body) {
    const mapping = new PayloadMapping(body);
    arrayOf(body.messages).forEach((value, index) => {
      const message = recordOf(value);
      mapping.add(roleOf(message.role), [
        ...contentPieces(message.content, ["messages", index, "content"]),
        ...toolCallPieces(message, ["messages", index]),
      ]);
    });
    return mapping;
  },
  output(response, context: Message[]) {
    const mapping = new PayloadMapping(response).context(context);
    arrayOf(response.choices).forEach((choice, index) => {
      const message = recordOf(recordOf(choice).message);
      mapping.add("assistant", [
        { path: ["choices", index, "message", "content"] },
        { path: ["choices", index, "message", "refusal"] },
        ...toolCallPieces(message, ["choices", index, "message"]),
      ]);
    });
    return mapping;
  },
  chunk(chunk) {
    return arrayOf(chunk.choices).flatMap((value, index): StreamPiece[] => {
      const choice = recordOf(value);
      const delta = recordOf(choice.delta);
      const at = ["choices", index, "delta"];
      const pieces: StreamPiece[] = [];
      for (const field of ["content", "refusal"]) {
        const text = delta[field];
        if (typeof text === "string" && text.length > 0)
          pieces.push({ channel: `${choice.index}:${field}`, text, path: [...at, field] });
      }
      arrayOf(delta.tool_calls).forEach((call, callIndex) => {
        const text = recordOf(recordOf(call).function).arguments;
        if (typeof text === "string" && text.length > 0) {
          pieces.push({
            channel: `${choice.index}:tool:${recordOf(call).index}`,
            text,
            path: [...at, "tool_calls", callIndex, "function", "arguments"],
          });
        }
      });
      return pieces;
    });
  },
};
