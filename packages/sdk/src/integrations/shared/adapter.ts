// The one shape every framework integration implements: how a framework's request maps to
// Anthale messages, and how its answer and the chunks of its stream map back.
import type { Message } from "../../base/types.js";
import type { PayloadMapping } from "./payload-mapping.js";
import type { StreamPiece } from "./stream-guard.js";

/** How the chunks of one stream are read, and written back once redacted. */
export interface ChunkReader<Chunk> {
  /** The text pieces of `chunk`, in order. */
  read(chunk: Chunk): StreamPiece[];
  /**
   * `chunk` with its pieces' texts replaced by `texts` (in the order `read` gave them); the chunk
   * itself when no text changed. Left out, each changed text is written at its piece's `path`.
   */
  write?: ((chunk: Chunk, texts: string[]) => Chunk) | undefined;
}

/**
 * How one API of a framework maps to Anthale messages and back. An adapter only says where the
 * text is: the mappings it returns carry a `redact` decision back into the payload
 * (`PayloadMapping.apply`), and a stream's chunks are written at their pieces' places, so
 * redaction is written in one way for every framework.
 */
export interface Adapter<Request, Answer, Chunk> {
  /** The request, mapped: what the model is about to receive. */
  request(request: Request): PayloadMapping<Request>;
  /** A whole answer, mapped after `context`, the conversation the model saw. */
  answer(answer: Answer, context: Message[]): PayloadMapping<Answer>;
  /** A reader for the chunks of one stream (a new one per stream: it may remember chunks). */
  chunks(): ChunkReader<Chunk>;
  /** A redacted answer with the fields derived from its text made again (such as `output_text`). */
  finish?: ((answer: Answer) => Answer) | undefined;
}

/** A {@link ChunkReader} that remembers nothing between chunks. */
export function statelessChunks<Chunk>(
  read: (chunk: Chunk) => StreamPiece[],
  write?: (chunk: Chunk, texts: string[]) => Chunk,
): () => ChunkReader<Chunk> {
  const reader: ChunkReader<Chunk> = { read, write };
  return () => reader;
}
