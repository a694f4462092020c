import type { Message, MessageRole } from "../../core/types.js";
import {
  arrayOf,
  PayloadMapping,
  type PieceSource,
  piecesAt,
  recordOf,
  roleOf,
  type StainlessAdapter,
  type StreamPiece,
  writeAt,
} from "../shared/index.js";
import { contentPieces } from "./chat-completions.js";

type Json = Record<string, unknown>;

/** The role and text pieces of one Responses API item (input or output) at `at`. */
function itemMessage(item: Json, at: (string | number)[]): [MessageRole, PieceSource[]] {
  switch (item.type) {
    case "function_call":
      return ["assistant", [{ path: [...at, "arguments"] }]];
    case "custom_tool_call":
      return ["assistant", [{ path: [...at, "input"] }]];
    case "function_call_output":
    case "custom_tool_call_output":
      return ["tool", contentPieces(item.output, [...at, "output"])];
    default:
      return [
        roleOf(item.role),
        [
          ...contentPieces(item.content, [...at, "content"]),
          ...arrayOf(item.content).flatMap((part, index) =>
            recordOf(part).type === "refusal"
              ? [{ path: [...at, "content", index, "refusal"] }]
              : [],
          ),
        ],
      ];
  }
}

/** The text pieces of one item. */
function itemPieces(item: unknown, at: (string | number)[]): PieceSource[] {
  return itemMessage(recordOf(item), at)[1];
}

/** The concatenated `output_text` of a response, as the OpenAI client computes it. */
function outputText(response: Json): string {
  return arrayOf(response.output)
    .filter((item) => recordOf(item).type === "message")
    .flatMap((item) => arrayOf(recordOf(item).content))
    .filter((part) => recordOf(part).type === "output_text")
    .map((part) => String(recordOf(part).text ?? ""))
    .join("");
}

// The text of a streamed `response.<kind>.delta` event adds to a channel; the matching `.done`
// event repeats it in the field named here.
const streamedKinds: Record<string, string> = {
  output_text: "text",
  refusal: "refusal",
  function_call_arguments: "arguments",
  custom_tool_call_input: "input",
};
const streamedEvent =
  /^response\.(output_text|refusal|function_call_arguments|custom_tool_call_input)\.(delta|done)$/;

/** Pieces of an event that repeat text already streamed, at the places `sources` name. */
function snapshots(event: Json, sources: readonly PieceSource[]): StreamPiece[] {
  return piecesAt(
    event,
    sources.map(({ path }) => ({ channel: "", path, snapshot: true })),
  );
}

/** Maps `responses.create` requests, answers and streamed events. */
export const responsesAdapter: StainlessAdapter<Json, Json, Json> = {
  input(body) {
    const mapping = new PayloadMapping(body).add("system", [{ path: ["instructions"] }]);
    if (typeof body.input === "string") return mapping.add("user", [{ path: ["input"] }]);
    arrayOf(body.input).forEach((item, index) => {
      mapping.add(...itemMessage(recordOf(item), ["input", index]));
    });
    return mapping;
  },
  output(response, context: Message[]) {
    const mapping = new PayloadMapping(response).context(context);
    arrayOf(response.output).forEach((value, index) => {
      mapping.add("assistant", itemPieces(value, ["output", index]));
    });
    return mapping;
  },
  finish(response) {
    if (!("output_text" in response)) return response;
    return writeAt(response, ["output_text"], outputText(response));
  },
  chunk(event) {
    const [, kind = "", step] = streamedEvent.exec(String(event.type)) ?? [];
    if (step === "delta") {
      const channel = `${event.type}:${event.output_index}:${event.content_index ?? ""}`;
      return piecesAt(event, [{ channel, path: ["delta"] }]);
    }
    if (step === "done") return snapshots(event, [{ path: [streamedKinds[kind] as string] }]);
    switch (event.type) {
      case "response.content_part.added":
      case "response.content_part.done":
        return snapshots(event, [{ path: ["part", "text"] }, { path: ["part", "refusal"] }]);
      case "response.output_item.added":
      case "response.output_item.done":
        return snapshots(event, itemPieces(event.item, ["item"]));
      default:
        return snapshots(
          event,
          arrayOf(recordOf(event.response).output).flatMap((item, index) =>
            itemPieces(item, ["response", "output", index]),
          ),
        );
    }
  },
};
