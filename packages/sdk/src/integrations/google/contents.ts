import type { MessageRole } from "../../core/types.js";
import {
  arrayOf,
  PayloadMapping,
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

/** The text pieces of one Part at `at`: its text, function-call arguments or function response. */
export function partPieces(part: unknown, at: (string | number)[]): PieceSource[] {
  const record = recordOf(part);
  if (typeof record.text === "string") return [{ path: [...at, "text"] }];
  if (record.functionCall) return [{ path: [...at, "functionCall", "args"], json: true }];
  if (record.functionResponse) {
    return [{ path: [...at, "functionResponse", "response"], json: true }];
  }
  return [];
}

function contentRole(content: Json): MessageRole {
  if (arrayOf(content.parts).some((part) => recordOf(part).functionResponse)) return "tool";
  return content.role === "model" ? "assistant" : "user";
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
  const mapping = new PayloadMapping(normalized);
  if (instruction) {
    mapping.add(
      "system",
      arrayOf(instruction.parts).flatMap((part, index) =>
        partPieces(part, ["config", "systemInstruction", "parts", index]),
      ),
    );
  }
  normalized.contents.forEach((content, index) => {
    mapping.add(
      contentRole(content),
      arrayOf(content.parts).flatMap((part, partIndex) =>
        partPieces(part, ["contents", index, "parts", partIndex]),
      ),
    );
  });
  return mapping;
}

/** The pieces of every candidate of a response, one list per candidate. */
export function candidatePieces(response: unknown): PieceSource[][] {
  return arrayOf(recordOf(response).candidates).map((candidate, index) =>
    arrayOf(recordOf(recordOf(candidate).content).parts).flatMap((part, partIndex) =>
      partPieces(part, ["candidates", index, "content", "parts", partIndex]),
    ),
  );
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
