// How Google Gen AI `models.generateContent` (and its stream) maps to Anthale messages: the
// system instruction and contents in every shape the client takes, the candidates of an answer,
// and the chunks of a stream.
import type { GenerateContentParameters, GenerateContentResponse } from "@google/genai";
import type { Message } from "../../base/types.js";
import {
  type Adapter,
  arrayOf,
  type Json,
  PayloadMapping,
  type PayloadPath,
  type PieceSource,
  piecesAt,
  readAt,
  recordOf,
  type StreamPiece,
  statelessChunks,
} from "../shared/index.js";

function asPart(value: unknown): Json {
  return typeof value === "string" ? { text: value } : recordOf(value);
}

/** `contents` (a string, Part, Part[], Content or Content[]) as a list of Contents. */
function normalizeContents(contents: unknown): Json[] {
  if (contents === undefined || contents === null) return [];
  const list = Array.isArray(contents) ? contents : [contents];
  if (list.length > 0 && list.every((item) => Array.isArray(recordOf(item).parts))) {
    return list.map((item) => ({ ...recordOf(item) }));
  }
  return [{ role: "user", parts: list.map(asPart) }];
}

/** `systemInstruction` (a string, Part, Part[] or Content) as one Content. */
function normalizeInstruction(instruction: unknown): Json | undefined {
  if (instruction === undefined || instruction === null) return undefined;
  if (Array.isArray(recordOf(instruction).parts)) return recordOf(instruction);
  const list = Array.isArray(instruction) ? instruction : [instruction];
  return { parts: list.map(asPart) };
}

/**
 * Where a Part carries text, by field: its text (thoughts included), code it runs and the code's
 * output, an audio transcription, and, as structured data, the arguments and responses of function
 * and server-side tool calls.
 */
const partFields: { field: string[]; json: boolean }[] = [
  { field: ["text"], json: false },
  { field: ["functionCall", "args"], json: true },
  { field: ["functionResponse", "response"], json: true },
  { field: ["toolCall", "args"], json: true },
  { field: ["toolResponse", "response"], json: true },
  { field: ["executableCode", "code"], json: false },
  { field: ["codeExecutionResult", "output"], json: false },
  { field: ["audioTranscription", "text"], json: false },
];

/**
 * The text pieces of the Parts of a Content at `at`: every field of `partFields` a Part has, and
 * the string values of a streamed function call's partial arguments.
 */
function partsPieces(content: unknown, at: PayloadPath): PieceSource[] {
  return arrayOf(recordOf(content).parts).flatMap((part, index) => {
    const path = [...at, "parts", index];
    const partialArgs = arrayOf(recordOf(recordOf(part).functionCall).partialArgs);
    return [
      ...partFields
        .filter(({ field }) => readAt(part, field) !== undefined)
        .map(({ field, json }) => ({ path: [...path, ...field], json })),
      ...partialArgs.map((_, arg) => ({
        path: [...path, "functionCall", "partialArgs", arg, "stringValue"],
      })),
    ];
  });
}

/**
 * Maps `generateContent` parameters, with `contents` and `systemInstruction` normalized first so
 * every piece has one place to be written back to.
 */
export function paramsMapping<P extends { contents: unknown; config?: unknown }>(params: P) {
  const config = params.config === undefined ? undefined : { ...recordOf(params.config) };
  const instruction = normalizeInstruction(config?.systemInstruction);
  if (config && instruction) config.systemInstruction = instruction;
  const normalized = {
    ...params,
    contents: normalizeContents(params.contents),
    ...(config ? { config } : {}),
  } as P & { contents: Json[] };
  const mapping = new PayloadMapping(normalized).add(
    "system",
    partsPieces(instruction, ["config", "systemInstruction"]),
  );
  normalized.contents.forEach((content, index) => {
    // A Content answering function calls is the tools speaking.
    const tool = arrayOf(content.parts).some((part) => recordOf(part).functionResponse);
    const said = content.role === "model" ? "assistant" : "user";
    mapping.add(tool ? "tool" : said, partsPieces(content, ["contents", index]));
  });
  return mapping;
}

/** The pieces of every candidate of a response, one list per candidate. */
export function candidatePieces(response: unknown): PieceSource[][] {
  return arrayOf(recordOf(response).candidates).map((candidate, index) =>
    partsPieces(recordOf(candidate).content, ["candidates", index, "content"]),
  );
}

/** Maps a whole response, each candidate an assistant message, after the conversation. */
function responseMapping<R>(response: R, context: Message[]): PayloadMapping<R> {
  const mapping = new PayloadMapping(response).context(context);
  for (const pieces of candidatePieces(response)) mapping.add("assistant", pieces);
  return mapping;
}

/**
 * The channel of a streamed piece of candidate `candidate`: text adds to the candidate's text, a
 * function call's partial arguments to its arguments; any other piece (a whole function call or
 * response, code, its output) is a channel of its own.
 */
function channelOf(candidate: number, piece: PieceSource): string {
  const field = piece.path.slice(5).join(".");
  if (field === "text") return `${candidate}:text`;
  if (field.startsWith("functionCall.partialArgs.")) return `${candidate}:partialArgs`;
  return `${candidate}:${piece.path.join(".")}`;
}

/** The text pieces of one streamed response chunk. */
export function chunkPieces(chunk: unknown): StreamPiece[] {
  return candidatePieces(chunk).flatMap((pieces, candidate) =>
    piecesAt(
      chunk,
      pieces.map((piece) => ({ ...piece, channel: channelOf(candidate, piece) })),
    ),
  );
}

/** Maps `generateContent` and `generateContentStream` parameters, answers and chunks. */
export const generateContentAdapter: Adapter<
  GenerateContentParameters,
  GenerateContentResponse,
  GenerateContentResponse
> = {
  request: paramsMapping,
  answer: responseMapping,
  chunks: statelessChunks<GenerateContentResponse>(chunkPieces),
};
