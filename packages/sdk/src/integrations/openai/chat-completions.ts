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
    return arrayOf(chunk.choices).flatMap((value, index) => {
      const choice = recordOf(value);
      const at = ["choices", index, "delta"];
      return piecesAt(chunk, [
        { channel: `${choice.index}:content`, path: [...at, "content"] },
        { channel: `${choice.index}:refusal`, path: [...at, "refusal"] },
        ...arrayOf(recordOf(choice.delta).tool_calls).map((call, callIndex) => ({
          channel: `${choice.index}:tool:${recordOf(call).index}`,
          path: [...at, "tool_calls", callIndex, "function", "arguments"],
        })),
      ]);
    });
  },
};
