import type { EnforceResult } from "../../core/types.js";
import { leakedSpans } from "../../redaction/redact-messages.js";
import { redactText, type Span } from "../../redaction/redact-text.js";
import type { StreamMode } from "./options.js";
import { type PayloadPath, parseRedactedJson, writeAt } from "./payload-mapping.js";

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

function spansOf(result: EnforceResult | undefined): Span[] {
  return leakedSpans(result?.evaluations).map((thread) => ({
    span: thread.span,
    category: String(thread.category),
  }));
}

/** Moves `boundary` back to the start of any occurrence of a span that straddles it. */
export function safeBoundary(text: string, boundary: number, spans: readonly Span[]): number {
  let at = boundary;
  for (let moved = true; moved; ) {
    moved = false;
    for (const { span } of spans) {
      if (span.length === 0) continue;
      let found = text.indexOf(span, Math.max(0, at - span.length + 1));
      while (found !== -1 && found < at) {
        if (found + span.length > at) {
          at = found;
          moved = true;
          break;
        }
        found = text.indexOf(span, found + 1);
      }
    }
  }
  return at;
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
  const passed: C[] = [];
  let spans: Span[] = [];
  let checked = new Map<string, string>();
  let uncheckedChars = 0;
  let checking: Promise<void> | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wake: () => void = () => {};
  let iterator: AsyncIterator<C> | undefined;
  let cancelled = false;

  const notify = () => wake();
  const cancel = () => {
    if (cancelled) return;
    cancelled = true;
    init.cancel?.();
    iterator?.return?.()?.catch?.(() => {});
  };
  const fail = (error: unknown) => {
    if (!failure) failure = { error };
    cancel();
    notify();
  };

  const runCheck = async (): Promise<void> => {
    const snapshot = new Map(texts);
    const size = [...snapshot.values()].reduce((total, text) => total + text.length, 0);
    const result = await check(snapshot);
    spans = [...spans, ...spansOf(result)];
    checked = snapshot;
    const total = [...texts.values()].reduce((sum, text) => sum + text.length, 0);
    uncheckedChars = total - size;
  };

  const maybeCheck = () => {
    if (mode !== "window" || checking || failure || uncheckedChars < windowSize) return;
    checking = runCheck()
      .then(() => {
        checking = undefined;
        notify();
        maybeCheck();
      })
      .catch(fail);
  };

  const pump = async () => {
    try {
      iterator = init.source[Symbol.asyncIterator]();
      for (;;) {
        const next = await iterator.next();
        if (next.done || failure) break;
        const pieces = read(next.value).map((piece) => {
          if (piece.snapshot) return { ...piece, end: 0 };
          const text = (texts.get(piece.channel) ?? "") + piece.text;
          texts.set(piece.channel, text);
          uncheckedChars += piece.text.length;
          return { ...piece, end: text.length };
        });
        if (mode === "passthrough") passed.push(next.value);
        else held.push({ chunk: next.value, pieces });
        maybeCheck();
        notify();
      }
      if (failure) return;
      while (checking) await checking;
      if (failure) return;
      await runCheck();
      finished = true;
      notify();
    } catch (error) {
      if (!cancelled) fail(error);
    }
  };

  const releasable = (entry: Held<C>): boolean => {
    if (finished) return true;
    if (mode === "buffer") return false;
    return entry.pieces.every((piece) => {
      if (piece.snapshot) return false;
      const text = checked.get(piece.channel) ?? "";
      return piece.end <= wordBoundary(text) && safeBoundary(text, piece.end, spans) === piece.end;
    });
  };

  const release = (entry: Held<C>): C => {
    if (entry.pieces.length === 0) return entry.chunk;
    const out = entry.pieces.map((piece) => {
      if (piece.snapshot) return redactText(piece.text, spans);
      const text = texts.get(piece.channel) ?? "";
      const from = released.get(piece.channel) ?? 0;
      const to = Math.max(from, safeBoundary(text, piece.end, spans));
      released.set(piece.channel, to);
      return redactText(text.slice(from, to), spans);
    });
    const changed = out.some((text, index) => text !== entry.pieces[index]?.text);
    if (!changed) return entry.chunk;
    if (init.write) return init.write(entry.chunk, out);
    let chunk = entry.chunk;
    entry.pieces.forEach((piece, index) => {
      const text = out[index] as string;
      if (piece.path === undefined || text === piece.text) return;
      const value = piece.json ? parseRedactedJson(piece.text, text, spans) : text;
      chunk = writeAt(chunk, piece.path, value);
    });
    return chunk;
  };

  return (async function* guarded(): AsyncGenerator<C> {
    pump();
    try {
      for (;;) {
        if (passed.length > 0) {
          yield passed.shift() as C;
          continue;
        }
        if (failure) throw failure.error;
        const first = held[0];
        if (first && releasable(first)) {
          held.shift();
          yield release(first);
          continue;
        }
        if (finished && held.length === 0) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      if (!finished) cancel();
    }
  })();
}
