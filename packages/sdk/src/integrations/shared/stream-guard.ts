import type { EnforceResult } from "../../core/types.js";
import type { StreamMode } from "./options.js";
import {
  type PayloadPath,
  type PieceSource,
  parseRedactedJson,
  textAt,
  writeAt,
} from "./payload-mapping.js";
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
  path?: PayloadPath;
  /** The value at `path` is structured data sent as JSON (parsed back when written). */
  json?: boolean;
}

/** Where a {@link StreamPiece} may be in a chunk, for {@link piecesAt}. */
export type StreamPieceSource = Omit<StreamPiece, "text"> & PieceSource;

/**
 * The pieces of `chunk` at the given places, each with the text found there (structured data as
 * JSON when `json`); places holding no text are left out.
 */
export function piecesAt(chunk: unknown, sources: readonly StreamPieceSource[]): StreamPiece[] {
  return sources.flatMap((source) => {
    const text = textAt(chunk, source);
    return text ? [{ ...source, text }] : [];
  });
}

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
   * The chunk with its pieces' texts replaced, in the order `read` gave them. Default: each text
   * is written at its piece's `path` (in a copy of the chunk).
   */
  write?: (chunk: C, texts: string[]) => C;
  /** Checks the answer so far (each channel's text, in order of appearance); throws on block. */
  check: (answer: ReadonlyMap<string, string>) => Promise<EnforceResult | undefined>;
  /** Cancels the provider's stream (called on block, on failure and when the consumer stops). */
  cancel?: () => void;
}

interface Held<C> {
  chunk: C;
  pieces: (StreamPiece & { end: number })[];
}

/** Moves `boundary` back to the start of any occurrence of a span that straddles it. */
export function safeBoundary(text: string, boundary: number, spans: readonly Span[]): number {
  for (const { span } of spans) {
    // The first occurrence starting less than a span's length before the boundary straddles it.
    const start = span ? text.indexOf(span, Math.max(0, boundary - span.length + 1)) : -1;
    if (start !== -1 && start < boundary) return safeBoundary(text, start, spans);
  }
  return boundary;
}

/** Where released text may end in `checked`: after its last whitespace, so no word is cut. */
function wordBoundary(checked: string): number {
  for (let index = checked.length - 1; index >= 0; index--) {
    if (/\s/.test(checked[index] as string)) return index + 1;
  }
  return 0;
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
  const { mode, windowSize, read, check } = init;
  const texts = new Map<string, string>();
  const released = new Map<string, number>();
  const held: Held<C>[] = [];
  const spans: Span[] = [];
  let checked = new Map<string, string>();
  let readChars = 0;
  let checkedChars = 0;
  let checking: Promise<void> | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wake = () => {};
  let iterator: AsyncIterator<C> | undefined;
  let cancelled = false;

  const cancel = () => {
    if (cancelled) return;
    cancelled = true;
    init.cancel?.();
    iterator?.return?.()?.catch?.(() => {});
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    cancel();
    wake();
  };

  const runCheck = async (): Promise<void> => {
    const snapshot = new Map(texts);
    const covered = readChars;
    spans.push(...spansOf(await check(snapshot)));
    checked = snapshot;
    checkedChars = covered;
  };

  const maybeCheck = () => {
    if (mode !== "window" || checking || failure || readChars - checkedChars < windowSize) return;
    checking = runCheck().then(() => {
      checking = undefined;
      wake();
      maybeCheck();
    }, fail);
  };

  const pump = async () => {
    try {
      iterator = init.source[Symbol.asyncIterator]();
      for (let next = await iterator.next(); !next.done && !failure; next = await iterator.next()) {
        const pieces = read(next.value).map((piece) => {
          if (piece.snapshot) return { ...piece, end: 0 };
          const text = (texts.get(piece.channel) ?? "") + piece.text;
          texts.set(piece.channel, text);
          readChars += piece.text.length;
          return { ...piece, end: text.length };
        });
        held.push({ chunk: next.value, pieces });
        maybeCheck();
        wake();
      }
      while (checking && !failure) await checking;
      if (failure) return;
      await runCheck();
      finished = true;
      wake();
    } catch (error) {
      if (!cancelled) fail(error);
    }
  };

  // A chunk leaves in "window" mode once every piece ends within a passed check, at a word
  // boundary, and outside any leaked span.
  const releasable = ({ pieces }: Held<C>): boolean =>
    finished ||
    (mode === "window" &&
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
    if (out.every((text, index) => text === pieces[index]?.text)) return chunk;
    if (init.write) return init.write(chunk, out);
    let written = chunk;
    pieces.forEach((piece, index) => {
      const text = out[index] as string;
      if (piece.path === undefined || text === piece.text) return;
      const value = piece.json ? parseRedactedJson(piece.text, text, spans) : text;
      written = writeAt(written, piece.path, value);
    });
    return written;
  };

  return (async function* guarded(): AsyncGenerator<C> {
    pump();
    try {
      for (;;) {
        // Passthrough chunks leave as they come, even once a failure is known; the others only
        // while no check failed.
        const first = held[0];
        if (first && (mode === "passthrough" || (!failure && releasable(first)))) {
          held.shift();
          yield mode === "passthrough" ? first.chunk : release(first);
          continue;
        }
        if (failure) throw failure.error;
        if (finished) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      if (!finished) cancel();
    }
  })();
}
