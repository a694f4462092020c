// How OpenAI `responses.create` maps to Anthale messages: the instructions, a stored prompt's
// variables and the input items; the output items of the answer; the events of a stream.
import type { MessageRole } from "../../base/types.js";
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
  recordOf,
  roleOf,
  type StreamPiece,
  type StreamPieceSource,
  statelessChunks,
  writeAt,
} from "../shared/index.js";
import { type ChannelPiece, type OpaqueField, stringPieces } from "../shared/string-pieces.js";
import { textParts } from "./chat-completions-adapter.js";

const messageParts = fieldsByType({
  text: "text",
  input_text: "text",
  output_text: "text",
  refusal: "refusal",
});

/**
 * Fields of a Responses item that hold no text a model or a user wrote: ids, kinds, states, names
 * the application chose, and encoded or encrypted data (images, files, reasoning).
 */
const opaqueFields = new Set([
  "type",
  "id",
  "call_id",
  "item_id",
  "approval_request_id",
  "container_id",
  "status",
  "name",
  "server_label",
  "encrypted_content",
  "image_url",
  "file_data",
  "file_id",
  "file_url",
]);

/** Whether a field holds no text: see `opaqueFields`; an image generation's `result` is an image. */
const opaque: OpaqueField = (record, field) =>
  opaqueFields.has(field) || (field === "result" && record.type === "image_generation_call");

/** Items whose `arguments` are a tool call's arguments as JSON text. */
const jsonArguments = new Set(["function_call", "mcp_call", "mcp_approval_request"]);

/** Whether an item is a message (an input item without a type is one). */
function isMessage(item: Json): boolean {
  return item.type === undefined || item.type === "message";
}

/**
 * The role and text pieces of one Responses API item (input or output) at `at`: a message's text
 * and refusal parts; for any other item (tool calls and their outputs, reasoning, MCP, shell, code
 * interpreter, computer use, and item types unknown here), every string it holds but ids and
 * encoded data. Outputs are the tools speaking.
 */
function itemMessage(value: unknown, at: PayloadPath): [MessageRole, ChannelPiece[]] {
  const item = recordOf(value);
  if (isMessage(item)) {
    const pieces = contentPieces(item.content, [...at, "content"], messageParts);
    return [roleOf(item.role), pieces.map((piece) => ({ ...piece, channel: "" }))];
  }
  const type = String(item.type);
  let role: MessageRole = "assistant";
  if (type.endsWith("_output")) role = "tool";
  else if (type === "mcp_approval_response") role = "user";
  // A tool call's arguments, a field of the item itself, are JSON text.
  const isArguments = (path: PayloadPath) =>
    jsonArguments.has(type) && path.length === at.length + 1 && path[at.length] === "arguments";
  return [
    role,
    stringPieces(item, at, opaque).map((piece) =>
      isArguments(piece.path) ? { ...piece, json: true } : piece,
    ),
  ];
}

/** The text pieces of the items of `list`, at `at`. */
function itemsPieces(list: unknown, at: PayloadPath): ChannelPiece[][] {
  return arrayOf(list).map((item, index) => itemMessage(item, [...at, index])[1]);
}

/** The field of an item a stream's delta events spell out, by item type (see `streamedEvents`). */
const streamedFields: Json = {
  function_call: "arguments",
  custom_tool_call: "input",
  mcp_call: "arguments",
  code_interpreter_call: "code",
};

/**
 * Whether the piece at `path` (inside `item`, found at `at`) was spelled out by delta events
 * before: a message's parts, reasoning text, and the fields of `streamedFields`. Any other text of
 * an item (an MCP call's output, a shell command, search queries...) only comes whole.
 */
function streamedPiece(item: Json, at: PayloadPath, path: PayloadPath): boolean {
  const [field, , leaf] = path.slice(at.length);
  if (isMessage(item)) return true;
  if (item.type === "reasoning")
    return (field === "summary" || field === "content") && leaf === "text";
  return path.length === at.length + 1 && streamedFields[String(item.type)] === field;
}

/** The kinds of text streamed as `response.<kind>.delta`, then repeated by `response.<kind>.done`. */
const streamedEvents =
  /^response\.(output_text|refusal|function_call_arguments|custom_tool_call_input|reasoning_summary_text|reasoning_text|mcp_call_arguments|code_interpreter_call_code|audio\.transcript)\.(delta|done)$/;

/** The delta events that spell out a tool call's arguments, which are JSON text. */
const jsonDeltas = /^response\.(function_call_arguments|mcp_call_arguments)\.delta$/;

/**
 * The pieces of the items an event carries (`item`, or the `response` and its `output`): text
 * delta events spelled out before repeats it (a snapshot); text that only comes whole is new.
 */
function carriedItemPieces(event: Json): StreamPieceSource[] {
  const carried = [
    { item: event.item, at: ["item"] },
    ...arrayOf(recordOf(event.response).output).map((item, index) => ({
      item,
      at: ["response", "output", index],
    })),
  ];
  return carried.flatMap(({ item, at }) =>
    itemMessage(item, at)[1].map((piece) => ({
      ...piece,
      snapshot: streamedPiece(recordOf(item), at, piece.path),
    })),
  );
}

/** The fields a done event, or a part's, repeats: text already streamed. */
function repeatedPieces(event: Json, type: string, kind: string | false): PieceSource[] {
  if (kind === "done") {
    return ["text", "refusal", "arguments", "input", "code"].map((field) => ({
      path: [field],
      json: field === "arguments" && typeof event.arguments === "string",
    }));
  }
  if (/\.(content_part|reasoning_summary_part)\./.test(type)) {
    return [{ path: ["part", "text"] }, { path: ["part", "refusal"] }];
  }
  return [];
}

/** The text pieces of one streamed event. */
function eventPieces(event: Json): StreamPiece[] {
  const type = String(event.type);
  const kind = streamedEvents.test(type) && type.slice(type.lastIndexOf(".") + 1);
  if (kind === "delta") {
    const part = event.content_index ?? event.summary_index ?? "";
    const channel = `${type}:${event.output_index}:${part}`;
    const json = jsonDeltas.test(type) && typeof event.delta === "string";
    return piecesAt(event, [{ channel, path: ["delta"], json }]);
  }
  // A done event, or a part's, repeats text already streamed. `arguments` are JSON text.
  return piecesAt(event, [
    ...repeatedPieces(event, type, kind).map((source) => ({
      ...source,
      channel: "",
      snapshot: true,
    })),
    ...carriedItemPieces(event),
  ]);
}

/** Maps `responses.create` requests, answers and streamed events. */
export const responsesAdapter: Adapter<Json, Json, Json> = {
  request(body) {
    const mapping = new PayloadMapping(body).add("system", [{ path: ["instructions"] }]);
    // A stored prompt's variables are filled in by the caller, like a user message.
    const variables = recordOf(recordOf(body.prompt).variables);
    mapping.add(
      "user",
      Object.keys(variables).flatMap((name): PieceSource[] => {
        const path = ["prompt", "variables", name];
        const variable = variables[name];
        if (typeof variable === "string") return [{ path }];
        return textParts(recordOf(variable), path);
      }),
    );
    if (typeof body.input === "string") return mapping.add("user", [{ path: ["input"] }]);
    arrayOf(body.input).forEach((item, index) => {
      mapping.add(...itemMessage(item, ["input", index]));
    });
    return mapping;
  },
  answer(response, context) {
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
  chunks: statelessChunks(eventPieces),
};
