// How OpenAI `chat.completions.create` maps to Anthale messages: the request's messages and
// predicted output, the answer's choices, and the chunks of a stream.
import {
  type Adapter,
  arrayOf,
  contentPieces,
  fieldsByType,
  type Json,
  PayloadMapping,
  type PayloadPath,
  type PieceSource,
  piecesAt,
  readAt,
  recordOf,
  roleOf,
  statelessChunks,
} from "../shared/index.js";

/** The text parts of an OpenAI `content` list, refusals included. */
export const textParts = fieldsByType({
  text: "text",
  input_text: "text",
  output_text: "text",
  refusal: "refusal",
});

/**
 * The arguments of a message's tool calls (function or custom) and of its legacy `function_call`,
 * at the message's place `at`. A function's arguments are JSON text; a custom tool's input is
 * free text.
 */
function toolCallPieces(message: unknown, at: PayloadPath): PieceSource[] {
  return [
    ...arrayOf(recordOf(message).tool_calls).flatMap((_, index) => [
      jsonText(message, at, ["tool_calls", index, "function", "arguments"]),
      { path: [...at, "tool_calls", index, "custom", "input"] },
    ]),
    jsonText(message, at, ["function_call", "arguments"]),
  ];
}

/**
 * The piece at `path` inside `record` (found at `at`): JSON text when it is a string (a value of
 * any other kind, or none, is no text).
 */
function jsonText(record: unknown, at: PayloadPath, path: PayloadPath): PieceSource {
  return { path: [...at, ...path], json: typeof readAt(record, path) === "string" };
}

/** Maps `chat.completions.create` requests, answers and chunks. */
export const chatCompletionsAdapter: Adapter<Json, Json, Json> = {
  request(body) {
    const mapping = new PayloadMapping(body);
    arrayOf(body.messages).forEach((message, index) => {
      const at = ["messages", index];
      const { role, content } = recordOf(message);
      mapping.add(roleOf(role), [
        ...contentPieces(content, [...at, "content"], textParts),
        ...toolCallPieces(message, at),
      ]);
    });
    // A predicted output is text the caller gives the model, like a message.
    const prediction = recordOf(body.prediction);
    return mapping.add(
      "user",
      contentPieces(prediction.content, ["prediction", "content"], textParts),
    );
  },
  answer(response, context) {
    const mapping = new PayloadMapping(response).context(context);
    arrayOf(response.choices).forEach((choice, index) => {
      const at = ["choices", index, "message"];
      mapping.add("assistant", [
        { path: [...at, "content"] },
        { path: [...at, "refusal"] },
        { path: [...at, "audio", "transcript"] },
        ...toolCallPieces(recordOf(choice).message, at),
      ]);
    });
    return mapping;
  },
  chunks: statelessChunks((chunk) =>
    arrayOf(chunk.choices).flatMap((choice, index) => {
      const { index: number, delta } = recordOf(choice);
      const at = ["choices", index, "delta"];
      return piecesAt(chunk, [
        { channel: `${number}:content`, path: [...at, "content"] },
        { channel: `${number}:refusal`, path: [...at, "refusal"] },
        { channel: `${number}:audio`, path: [...at, "audio", "transcript"] },
        // A call's arguments are spelled out in pieces of JSON text; a custom tool's input is not
        // JSON.
        {
          ...jsonText(delta, at, ["function_call", "arguments"]),
          channel: `${number}:function_call`,
        },
        ...arrayOf(recordOf(delta).tool_calls).flatMap((call, callIndex) => {
          const channel = `${number}:tool:${recordOf(call).index}`;
          return [
            { ...jsonText(delta, at, ["tool_calls", callIndex, "function", "arguments"]), channel },
            { channel, path: [...at, "tool_calls", callIndex, "custom", "input"] },
          ];
        }),
      ]);
    }),
  ),
};
