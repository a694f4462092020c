import type { EnforceResult } from "../../core/types.js";
import type { StreamMode } from "./options.js";
import { type Piece, type PieceSource, redactedValue, writeAt } from "./payload-mapping.js";
import { redactText, type Span, spansOf } from "./redaction.js";

/**
 * Text carried by one chunk: a `delta` adds to its channel (the answer's text, one tool call's
 * arguments...); a `snapshot` repeats text already streamed (such as a final "done" event) and is
 * released, redacted, only once the whole output passed.
 */
export interface StreamPiece {
  /** Which text of the answer the piece belongs to. */
  channel: string;
  /** The piece's text. */
  text: string;
  /** `true` for text that repeats the channel instead of adding to it. */
  snapshot?: boolean;
  /** Where the text is in the chunk, for the default `write`. */
  path?: PieceSource["path"];
  /** The value at `path` is structured data sent as JSON (parsed back when written). */
  json?: boolean;
}

/** Where a {@link StreamPiece} may be in a chunk, for `piecesAt`. */
export type StreamPieceSource = Omit<StreamPiece, "text"> & PieceSource;

/** How {@link guardStream} reads and rewrites a framework's chunks. */
export interface StreamGuardInit<C> {
  /** The provider's stream. */
  source: AsyncIterable<C>;
  /** How output is released. */
  mode: StreamMode;
  /** Characters between two checks in `"window"` mode. */
  windowSize: number;
  /** The text pieces of a chunk, in order. */
  read: (chunk: C) => StreamPiece[];
  /**
   * The chunk with its pieces' texts replaced, in the order `read` gave them; the chunk itself when
   * no text changed. Default: each changed text is written at its piece's `path` (in a copy of the
   * chunk).
   */
  write?: (chunk: C, texts: string[]) => C;
  /** Checks the answer so far (each channel's text, in order of appearance); throws on block. */
  check: (answer: ReadonlyMap<string, string>) => Promise<EnforceResult | undefined>;
  /** Cancels the provider's stream (called on block, on failure and when the consumer stops). */
  cancel?: () => void;
}

/**
 * `root` with each piece's text replaced by the one at the same index of `texts`, written at the
 * piece's `path` (structured data parsed back with `spans`); pieces without a path are skipped.
 * Only the objects on changed paths are copied: `root` itself comes back when no text changed.
 */
export function writePieces<T>(
  root: T,
  pieces: readonly StreamPiece[],
  texts: readonly string[],
  spans: readonly Span[],
): T {
  return pieces.reduce((written, piece, index) => {
    const text = texts[index] as string;
    if (!piece.path || text === piece.text) return written;
    return writeAt(written, piece.path, redactedValue(written, piece as Piece, text, spans));
  }, root);
}

/** Moves `boundary` back to the start of any occurrence of a span that straddles it. */
export function safeBoundary(text: string, boundary: number, spans: readonly Span[]): number {
  for (const { span } of spans) {
    // The first occurrence starting less than a span's length before the boundary straddles it.
    // (`indexOf` reads a negative position as 0.)
    const start = span ? text.indexOf(span, boundary - span.length + 1) : -1;
    if (start > -1 && start < boundary) return safeBoundary(text, start, spans);
  }
  return boundary;
}

/** Where released text may end in `checked`: after its last whitespace, so no word is cut. */
function wordBoundary(checked: string): number {
  let end = checked.length;
  while (end > 0 && !/\s/.test(checked[end - 1] as string)) end--;
  return end;
}

interface Held<C> {
  chunk: C;
  pieces: (StreamPiece & { end: number })[];
}

/**
 * Wraps a provider's stream so its output is released as the mode says: `"buffer"` holds every
 * chunk until the whole output passed; `"window"` checks every `windowSize` characters while the
 * stream keeps arriving and releases only text a passing check covered; `"passthrough"` releases
 * at once and checks at the end. In `"buffer"` and `"window"` redaction is applied to the chunks,
 * including spans split across chunks. On block or failure the source is cancelled and the
 * iteration rejects.
 */
export function guardStream<C>(init: StreamGuardInit<C>): AsyncGenerator<C> {
  const { mode, windowSize, check } = init;
  const window = mode === "window";
  const passthrough = mode === "passthrough";
  const iterator = init.source[Symbol.asyncIterator]();
  // Each channel's text so far, and where its released text ends.
  const texts = new Map<string, string>();
  const released = new Map<string, number>();
  const held: Held<C>[] = [];
  const spans: Span[] = [];
  let checked: ReadonlyMap<string, string> = new Map();
  // Characters read since the last check started.
  let unchecked = 0;
  let checking: Promise<void> | undefined;
  // `read` once the source is exhausted, `finished` once a check covered all of it.
  let read = false;
  let finished = false;
  // Set once the stream stops early: on block, on failure, or when the consumer leaves.
  let stopped: { error: unknown } | undefined;
  let wake = () => {};

  const stop = (error?: unknown) => {
    if (stopped) return;
    stopped = { error };
    init.cancel?.();
    iterator.return?.()?.catch?.(() => {});
    wake();
  };

  // Checks the text read so far, once the source is exhausted or, in "window" mode, every
  // `windowSize` characters; one check at a time.
  const maybeCheck = () => {
    if (checking || stopped || finished || (!read && (!window || unchecked < windowSize))) return;
    const final = read;
    const snapshot = new Map(texts);
    unchecked = 0;
    checking = check(snapshot).then((result) => {
      spans.push(...spansOf(result));
      checked = snapshot;
      finished = final;
      checking = undefined;
      wake();
      maybeCheck();
    }, stop);
  };

  const pump = async () => {
    try {
      for (let next = await iterator.next(); !next.done && !stopped; next = await iterator.next()) {
        const pieces = init.read(next.value).map((piece) => {
          let text = "";
          if (!piece.snapshot) {
            text = (texts.get(piece.channel) ?? "") + piece.text;
            texts.set(piece.channel, text);
            unchecked += piece.text.length;
          }
          return { ...piece, end: text.length };
        });
        held.push({ chunk: next.value, pieces });
        maybeCheck();
        wake();
      }
      read = true;
      maybeCheck();
    } catch (error) {
      stop(error);
    }
  };

  // A chunk leaves in "window" mode once every piece ends within a passed check, at a word
  // boundary, and outside any leaked span.
  const releasable = ({ pieces }: Held<C>): boolean =>
    finished ||
    (window &&
      pieces.every((piece) => {
        const text = checked.get(piece.channel) ?? "";
        return (
          !piece.snapshot &&
          piece.end <= wordBoundary(text) &&
          safeBoundary(text, piece.end, spans) === piece.end
        );
      }));

  const release = ({ chunk, pieces }: Held<C>): C => {
    const out = pieces.map((piece) => {
      if (piece.snapshot) return redactText(piece.text, spans);
      const text = texts.get(piece.channel) ?? "";
      const from = released.get(piece.channel) ?? 0;
      const to = Math.max(from, safeBoundary(text, piece.end, spans));
      released.set(piece.channel, to);
      return redactText(text.slice(from, to), spans);
    });
    return init.write ? init.write(chunk, out) : writePieces(chunk, pieces, out, spans);
  };

  return (async function* guarded(): AsyncGenerator<C> {
    pump();
    try {
      for (;;) {
        // Passthrough chunks leave as they come, even once a failure is known; the others only
        // while no check failed.
        const first = held[0];
        if (first && (passthrough || (!stopped && releasable(first)))) {
          held.shift();
          yield passthrough ? first.chunk : release(first);
        } else if (stopped) throw stopped.error;
        else if (finished) return;
        else
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
      }
    } finally {
      if (!finished) stop();
    }
  })();
}
