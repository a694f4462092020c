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
import { contentPieces } from "./chat-completions.js";

type Json = Record<string, unknown>;

/** The text pieces of one Responses API item (input or output) at `at`. */
function itemPieces(item: Json, at: (string | number)[]): PieceSource[] {
  switch (item.type) {
    case "function_call":
      return [{ path: [...at, "arguments"] }];
    case "custom_tool_call":
      return [{ path: [...at, "input"] }];
    case "function_call_output":
    case "custom_tool_call_output":
      return contentPieces(item.output, [...at, "output"]);
    default:
      return [
        ...contentPieces(item.content, [...at, "content"]),
        ...arrayOf(item.content).flatMap((part, index) =>
          recordOf(part).type === "refusal" ? [{ path: [...at, "content", index, "refusal"] }] : [],
        ),
      ];
  }
}

function itemRole(item: Json) {
  if (item.type === "function_call_output" || item.type === "custom_tool_call_output")
    return "tool";
  if (item.type === "function_call" || item.type === "custom_tool_call") return "assistant";
  return roleOf(item.role);
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

function snapshotsOf(value: unknown, at: (string | number)[]): StreamPiece[] {
  const item = recordOf(value);
  return itemPieces(item, at).map((piece) => ({
    channel: "snapshot",
    text: "",
    path: piece.path,
    snapshot: true,
  }));
}

function withText(event: Json, pieces: StreamPiece[]): StreamPiece[] {
  return pieces
    .map((piece) => {
      let node: unknown = event;
      for (const key of piece.path ?? []) node = recordOf(node)[key];
      return { ...piece, text: typeof node === "string" ? node : "" };
    })
    .filter((piece) => piece.text.length > 0);
}

/** Maps `responses.create` requests, answers and streamed events. */
export const responsesAdapter: StainlessAdapter<Json, Json, Json> = {
  input(body) {
    const mapping = new PayloadMapping(body).add("system", [{ path: ["instructions"] }]);
    if (typeof body.input === "string") return mapping.add("user", [{ path: ["input"] }]);
    arrayOf(body.input).forEach((value, index) => {
      const item = recordOf(value);
      mapping.add(itemRole(item), itemPieces(item, ["input", index]));
    });
    return mapping;
  },
  output(response, context: Message[]) {
    const mapping = new PayloadMapping(response).context(context);
    arrayOf(response.output).forEach((value, index) => {
      mapping.add("assistant", itemPieces(recordOf(value), ["output", index]));
    });
    return mapping;
  },
  finish(response) {
    if (!("output_text" in response)) return response;
    return Object.assign(Object.create(Object.getPrototypeOf(response)), response, {
      output_text: outputText(response),
    });
  },
  chunk(event) {
    const at = `${event.output_index}:${event.content_index ?? ""}`;
    switch (event.type) {
      case "response.output_text.delta":
      case "response.refusal.delta":
      case "response.function_call_arguments.delta":
      case "response.custom_tool_call_input.delta":
        return typeof event.delta === "string" && event.delta.length > 0
          ? [{ channel: `${event.type}:${at}`, text: event.delta, path: ["delta"] }]
          : [];
      case "response.output_text.done":
        return withText(event, [{ channel: "", text: "", path: ["text"], snapshot: true }]);
      case "response.refusal.done":
        return withText(event, [{ channel: "", text: "", path: ["refusal"], snapshot: true }]);
      case "response.function_call_arguments.done":
        return withText(event, [{ channel: "", text: "", path: ["arguments"], snapshot: true }]);
      case "response.custom_tool_call_input.done":
        return withText(event, [{ channel: "", text: "", path: ["input"], snapshot: true }]);
      case "response.content_part.added":
      case "response.content_part.done":
        return withText(event, [
          { channel: "", text: "", path: ["part", "text"], snapshot: true },
          { channel: "", text: "", path: ["part", "refusal"], snapshot: true },
        ]);
      case "response.output_item.added":
      case "response.output_item.done":
        return withText(event, snapshotsOf(event.item, ["item"]));
      default: {
        const response = recordOf(event.response);
        return withText(
          event,
          arrayOf(response.output).flatMap((item, index) =>
            snapshotsOf(item, ["response", "output", index]),
          ),
        );
      }
    }
  },
};
