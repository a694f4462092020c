import type { MessageRole } from "../../core/types.js";
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
  writeAt,
} from "../shared/index.js";
import { textParts } from "./chat-completions.js";

type Json = Record<string, unknown>;

const messageParts = fieldsByType({
  text: "text",
  input_text: "text",
  output_text: "text",
  refusal: "refusal",
});

/** The role and text pieces of one Responses API item (input or output) at `at`. */
function itemMessage(value: unknown, at: PayloadPath): [MessageRole, PieceSource[]] {
  const item = recordOf(value);
  switch (item.type) {
    case "function_call":
      return ["assistant", [{ path: [...at, "arguments"] }]];
    case "custom_tool_call":
      return ["assistant", [{ path: [...at, "input"] }]];
    case "function_call_output":
    case "custom_tool_call_output":
      return ["tool", contentPieces(item.output, [...at, "output"], textParts)];
    default:
      return [roleOf(item.role), contentPieces(item.content, [...at, "content"], messageParts)];
  }
}

/** The text pieces of the items of `list`, at `at`. */
function itemsPieces(list: unknown, at: PayloadPath): PieceSource[][] {
  return arrayOf(list).map((item, index) => itemMessage(item, [...at, index])[1]);
}

// A `delta` event adds to its channel; its `done` event repeats the text.
const streamed =
  /^response\.(output_text|refusal|function_call_arguments|custom_tool_call_input)\./;

/** Maps `responses.create` requests, answers and streamed events. */
export const responsesAdapter: StainlessAdapter<Json, Json, Json> = {
  input(body) {
    const mapping = new PayloadMapping(body).add("system", [{ path: ["instructions"] }]);
    if (typeof body.input === "string") return mapping.add("user", [{ path: ["input"] }]);
    arrayOf(body.input).forEach((item, index) => {
      mapping.add(...itemMessage(item, ["input", index]));
    });
    return mapping;
  },
  output(response, context) {
    const mapping = new PayloadMapping(response).context(context);
    for (const pieces of itemsPieces(response.output, ["output"])) mapping.add("assistant", pieces);
    return mapping;
  },
  finish(response) {
    if (!("output_text" in response)) return response;
    // Recomputed from the redacted output, as the OpenAI client computes it.
    const text = arrayOf(response.output)
      .flatMap((item) => (recordOf(item).type === "message" ? arrayOf(recordOf(item).content) : []))
      .map(recordOf)
      .filter((part) => part.type === "output_text")
      .map((part) => part.text)
      .join("");
    return writeAt(response, ["output_text"], text);
  },
  chunk(event) {
    const type = String(event.type);
    const kind = streamed.test(type) && type.slice(type.lastIndexOf(".") + 1);
    if (kind === "delta") {
      const channel = `${type}:${event.output_index}:${event.content_index}`;
      return piecesAt(event, [{ channel, path: ["delta"] }]);
    }
    // Any other event with text repeats text already streamed.
    const sources: PieceSource[] =
      kind === "done"
        ? ["text", "refusal", "arguments", "input"].map((field) => ({ path: [field] }))
        : type.includes(".content_part.")
          ? [{ path: ["part", "text"] }, { path: ["part", "refusal"] }]
          : [
              ...itemMessage(event.item, ["item"])[1],
              ...itemsPieces(recordOf(event.response).output, ["response", "output"]).flat(),
            ];
    return piecesAt(
      event,
      sources.map((source) => ({ ...source, channel: "", snapshot: true })),
    );
  },
};
