import {
  arrayOf,
  contentPieces,
  fieldsByType,
  PayloadMapping,
  type PayloadPath,
  type PieceSource,
  piecesAt,
  recordOf,
  roleOf,
  type StainlessAdapter,
} from "../shared/index.js";

type Json = Record<string, unknown>;

/** The text parts of an OpenAI `content` list. */
export const textParts = fieldsByType({ text: "text", input_text: "text", output_text: "text" });

/** The arguments of a message's tool calls (function or custom), at the message's place `at`. */
function toolCallPieces(message: unknown, at: PayloadPath): PieceSource[] {
  return arrayOf(recordOf(message).tool_calls).flatMap((_, index) => [
    { path: [...at, "tool_calls", index, "function", "arguments"] },
    { path: [...at, "tool_calls", index, "custom", "input"] },
  ]);
}

/** Maps `chat.completions.create` requests, answers and chunks. */
export const chatCompletionsAdapter: StainlessAdapter<Json, Json, Json> = {
  input(body) {
    const mapping = new PayloadMapping(body);
    arrayOf(body.messages).forEach((message, index) => {
      const at = ["messages", index];
      const { role, content } = recordOf(message);
      mapping.add(roleOf(role), [
        ...contentPieces(content, [...at, "content"], textParts),
        ...toolCallPieces(message, at),
      ]);
    });
    return mapping;
  },
  output(response, context) {
    const mapping = new PayloadMapping(response).context(context);
    arrayOf(response.choices).forEach((choice, index) => {
      const at = ["choices", index, "message"];
      mapping.add("assistant", [
        { path: [...at, "content"] },
        { path: [...at, "refusal"] },
        ...toolCallPieces(recordOf(choice).message, at),
      ]);
    });
    return mapping;
  },
  chunk(chunk) {
    return arrayOf(chunk.choices).flatMap((choice, index) => {
      const { index: number, delta } = recordOf(choice);
      const at = ["choices", index, "delta"];
      return piecesAt(chunk, [
        { channel: `${number}:content`, path: [...at, "content"] },
        { channel: `${number}:refusal`, path: [...at, "refusal"] },
        ...arrayOf(recordOf(delta).tool_calls).map((call, callIndex) => ({
          channel: `${number}:tool:${recordOf(call).index}`,
          path: [...at, "tool_calls", callIndex, "function", "arguments"],
        })),
      ]);
    });
  },
};
