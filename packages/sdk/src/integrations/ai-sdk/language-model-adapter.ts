// How a Vercel AI SDK language-model call (specification v3) maps to Anthale messages: the prompt
// (text files decoded), the content of a generate result, and the parts of a stream.
import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import type { Message } from "../../base/types.js";
import {
  type Adapter,
  contentPieces,
  type PartPieces,
  PayloadMapping,
  type PayloadPath,
  type PieceSource,
  piecesAt,
  recordOf,
  roleOf,
  type StreamPiece,
} from "../shared/index.js";
import { DecodedText, decodeFile, mapContentFiles, mapPromptFiles } from "./text-files.js";

/**
 * Whether a JSON value (a tool's result) is sent as JSON: a string is a value of its own, plain
 * text rather than JSON text, and is checked as it is.
 */
function isStructured(value: unknown): boolean {
  return typeof value !== "string";
}

/** Whether `value` is a string (a tool call's input streamed as JSON text is one). */
function isText(value: unknown): boolean {
  return typeof value === "string";
}

/** The text of a `file` or `file-data` part at `at`: its data, when it was decoded as text. */
function filePieces(part: Record<string, unknown>, at: PayloadPath): PieceSource[] {
  return part.data instanceof DecodedText
    ? [{ path: [...at, "data", "text"], type: "document" }]
    : [];
}

/** The text pieces of a tool result's output at `at`: text, JSON, a denial's reason, or parts. */
function outputPieces(output: Record<string, unknown>, at: PayloadPath): PieceSource[] {
  switch (output.type) {
    case "text":
    case "error-text":
      return [{ path: [...at, "value"] }];
    case "json":
    case "error-json":
      return [{ path: [...at, "value"], json: isStructured(output.value) }];
    case "execution-denied":
      return [{ path: [...at, "reason"] }];
    case "content":
      return contentPieces(output.value, [...at, "value"], (part, partAt) =>
        part.type === "text" ? [{ path: [...partAt, "text"] }] : filePieces(part, partAt),
      );
    default:
      return [];
  }
}

/**
 * The text pieces of the parts a prompt and a generate result share (text, reasoning, text files,
 * tool calls) at `at`; `undefined` for other parts.
 */
function sharedPartPieces(
  part: Record<string, unknown>,
  at: PayloadPath,
): PieceSource[] | undefined {
  switch (part.type) {
    case "text":
    case "reasoning":
      return [{ path: [...at, "text"] }];
    case "file":
      return filePieces(part, at);
    case "tool-call":
      return [{ path: [...at, "input"], json: true }];
    default:
      return undefined;
  }
}

/** The text pieces of one prompt part at `at`, tool results' outputs and text files included. */
const partPieces: PartPieces = (part, at) => {
  switch (part.type) {
    case "tool-result":
      return outputPieces(recordOf(part.output), [...at, "output"]);
    case "tool-approval-response":
      return [{ path: [...at, "reason"] }];
    default:
      return sharedPartPieces(part, at) ?? [];
  }
};

/** The text pieces of one part of a generate result's content at `at`. */
const contentPartPieces: PartPieces = (part, at) => {
  switch (part.type) {
    case "tool-result":
      // A tool the provider ran: its result reaches the application.
      return [{ path: [...at, "result"], json: isStructured(part.result) }];
    case "source":
      return [{ path: [...at, "title"] }];
    default:
      return sharedPartPieces(part, at) ?? [];
  }
};

/**
 * Maps a call's prompt (system, user, assistant and tool messages) to Anthale messages. Text files
 * must have been decoded first (see `mapPromptFiles`).
 */
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

/**
 * Maps a generate result's content (text, reasoning, tool calls, results of tools the provider
 * ran, text files, source titles) after the conversation.
 */
export function contentMapping<R extends { content: LanguageModelV3Content[] }>(
  result: R,
  context: Message[],
) {
  const pieces = contentPieces(result.content, ["content"], contentPartPieces);
  return new PayloadMapping<R>(result).context(context).add("assistant", pieces);
}

/**
 * A reader of the text pieces of a stream's parts, for one stream: text, reasoning and tool-input
 * deltas add to their channel; a `tool-call` repeats the input streamed for it, and is new text
 * when none was (or other text was) streamed; the results of tools the provider ran, text files
 * and source titles are new text of their own.
 */
function streamPartReader(): (part: LanguageModelV3StreamPart) => StreamPiece[] {
  // The tool input streamed so far, by call id; how many files came.
  const toolInputs = new Map<string, string>();
  let files = 0;
  return (part) => {
    switch (part.type) {
      // A tool call's input is JSON text, streamed in pieces or given whole.
      case "tool-input-delta":
        toolInputs.set(part.id, (toolInputs.get(part.id) ?? "") + part.delta);
        return piecesAt(part, [
          { channel: `${part.type}:${part.id}`, path: ["delta"], json: isText(part.delta) },
        ]);
      case "text-delta":
      case "reasoning-delta":
        return piecesAt(part, [{ channel: `${part.type}:${part.id}`, path: ["delta"] }]);
      case "tool-call": {
        const snapshot = toolInputs.get(part.toolCallId) === part.input;
        return piecesAt(part, [
          {
            channel: `tool-call:${part.toolCallId}`,
            path: ["input"],
            snapshot,
            json: isText(part.input),
          },
        ]);
      }
      case "tool-result":
        return piecesAt(part, [
          {
            channel: `tool-result:${part.toolCallId}`,
            path: ["result"],
            json: isStructured(part.result),
          },
        ]);
      case "file": {
        const channel = `file:${files++}`;
        return piecesAt(
          part,
          filePieces(part, []).map((piece) => ({ ...piece, channel })),
        );
      }
      case "source":
        return piecesAt(part, [{ channel: `source:${part.id}`, path: ["title"] }]);
      default:
        return [];
    }
  };
}

/**
 * Maps a language-model call: its prompt, its generate result and its stream parts. Text files
 * are decoded into text for the mappings (their roots hold `DecodedText`): what is sent on or
 * returned is encoded back with `encodeFile`.
 */
export const languageModelAdapter: Adapter<
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart
> = {
  request: (params) => promptMapping(mapPromptFiles(params, decodeFile)),
  answer: (result, context) => contentMapping(mapContentFiles(result, decodeFile), context),
  chunks: () => ({ read: streamPartReader() }),
};
