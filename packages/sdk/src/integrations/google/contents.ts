import type { Message } from "../../core/types.js";
import {
  arrayOf,
  PayloadMapping,
  type PayloadPath,
  type PieceSource,
  piecesAt,
  recordOf,
  type StreamPiece,
} from "../shared/index.js";

type Json = Record<string, unknown>;

function asPart(value: unknown): Json {
  return typeof value === "string" ? { text: value } : recordOf(value);
}

/** `contents` (a string, Part, Part[], Content or Content[]) as a list of Contents. */
export function normalizeContents(contents: unknown): Json[] {
  if (contents === undefined || contents === null) return [];
  const list = Array.isArray(contents) ? contents : [contents];
  if (list.length > 0 && list.every((item) => Array.isArray(recordOf(item).parts))) {
    return list.map((item) => ({ ...recordOf(item) }));
  }
  return [{ role: "user", parts: list.map(asPart) }];
}

/** `systemInstruction` (a string, Part, Part[] or Content) as one Content. */
export function normalizeInstruction(instruction: unknown): Json | undefined {
  if (instruction === undefined || instruction === null) return undefined;
  if (Array.isArray(recordOf(instruction).parts)) return recordOf(instruction);
  const list = Array.isArray(instruction) ? instruction : [instruction];
  return { parts: list.map(asPart) };
}

/**
 * The text pieces of the Parts of a Content at `at`: their text, function-call arguments or
 * function responses.
 */
export function partsPieces(content: unknown, at: PayloadPath): PieceSource[] {
  return arrayOf(recordOf(content).parts).flatMap((value, index) => {
    const part = recordOf(value);
    const path = [...at, "parts", index];
    if (typeof part.text === "string") return [{ path: [...path, "text"] }];
    if (part.functionCall) return [{ path: [...path, "functionCall", "args"], json: true }];
    return part.functionResponse
      ? [{ path: [...path, "functionResponse", "response"], json: true }]
      : [];
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
    const role = tool ? "tool" : content.role === "model" ? "assistant" : "user";
    mapping.add(role, partsPieces(content, ["contents", index]));
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
export function responseMapping<R>(response: R, context: Message[]): PayloadMapping<R> {
  const mapping = new PayloadMapping(response).context(context);
  for (const pieces of candidatePieces(response)) mapping.add("assistant", pieces);
  return mapping;
}

/** The text pieces of one streamed response chunk. */
export function chunkPieces(chunk: unknown): StreamPiece[] {
  return candidatePieces(chunk).flatMap((pieces, candidate) =>
    piecesAt(
      chunk,
      pieces.map((piece) => ({
        ...piece,
        // Text adds to the candidate's text; each function call or response is its own channel.
        channel: `${candidate}:${piece.json ? piece.path.slice(0, -1).join(".") : "text"}`,
      })),
    ),
  );
}
