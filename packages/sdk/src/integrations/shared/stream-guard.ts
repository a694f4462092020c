// Guards a provider's stream: holds, checks and releases its chunks as the streaming mode says
// ("buffer", "window", "passthrough"), hiding every span a check flagged in the text it releases.
import { AnthalePolicyViolationError } from "../../base/errors.js";
import type { EnforceResult } from "../../base/types.js";
import { maxRedactionSpanLength, maxRedactionThreads } from "../../redaction/redact-messages.js";
import { hideEscapedSpans } from "./json-escapes.js";
import type { StreamMode } from "./options.js";
import { type Piece, type PieceSource, redactedValue, writeAt } from "./payload-mapping.js";
import { type Span, SpanMatcher, spansOf } from "./redaction.js";
import { StreamChannel } from "./stream-channel.js";

export { redactSlice, safeEnd } from "./stream-channel.js";

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
  /** The largest window in `"window"` mode: characters read between two checks, at most. */
  windowSize: number;
  /**
   * The first window in `"window"` mode: the first check starts once this many characters were
   * read; each later window is twice the one before, up to `windowSize` (see {@link nextWindow}).
   * At least 1 and at most `windowSize`.
   */
  firstWindowSize: number;
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
 * piece's `path` (structured data parsed back, see `parseRedactedJson`); pieces without a path are
 * skipped. Only the objects on changed paths are copied: `root` itself comes back when no text
 * changed.
 */
export function writePieces<T>(
  root: T,
  pieces: readonly StreamPiece[],
  texts: readonly string[],
  matcher?: SpanMatcher,
): T {
  return pieces.reduce((written, piece, index) => {
    const text = texts[index] as string;
    if (!piece.path || text === piece.text) return written;
    return writeAt(written, piece.path, redactedValue(written, piece as Piece, text, matcher));
  }, root);
}

/**
 * The window that follows one of `window` characters in `"window"` mode: twice as large, up to
 * `windowSize`. From a first window of 32 characters and a `windowSize` of 200, the checks start
 * once 32, then 64, 128, 200, 200... more characters were read since the previous one started.
 */
export function nextWindow(window: number, windowSize: number): number {
  return Math.min(window * 2, windowSize);
}

/** Lets the event loop run (timers, I/O) before going on. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === "function") setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/**
 * How many chunks the stream guard reads, or releases, in a row before it lets the event loop run:
 * a source that never waits, or a long backlog released at once, never holds it up for long.
 */
export const chunksPerTurn = 512;

interface Held<C> {
  chunk: C;
  pieces: (StreamPiece & { end: number })[];
}

/** The error that stops a stream whose spans pass the redaction limits. */
function tooManySpans(result: EnforceResult): AnthalePolicyViolationError {
  const redaction = {
    complete: false,
    source: "spans" as const,
    unmatched: [],
    problem: "too-many-spans" as const,
  };
  return new AnthalePolicyViolationError(
    "output",
    { ...result, redaction },
    "incomplete-redaction",
  );
}

/**
 * Wraps a provider's stream so its output is released as the mode says: `"buffer"` holds every
 * chunk until the whole output passed; `"window"` checks the text read so far each time a window
 * of characters was read, while the stream keeps arriving, and releases only text a passing check
 * covered; `"passthrough"` releases at once and checks at the end.
 *
 * Checks in `"window"` mode: the first starts once `firstWindowSize` characters were read, each
 * next one once a window twice as large as the one before (up to `windowSize`) was read since the
 * previous one started, one at a time, so the first text leaves one short window and one check
 * after the model's first token. Once the source ends, the final check covers the whole answer;
 * a check whose text turns out to be the whole answer (it started on the last chunk, before the
 * end was seen) is that final check, so no text is sent twice. The final check starts at once,
 * even while a window check is under way (then two checks run at a time); the results are taken in
 * the order their checks started, and the stream ends only once every check passed.
 *
 * In `"buffer"` and `"window"` every span a `redact` check flagged is hidden in the chunks from
 * then on, including spans split across chunks: released text never ends inside an occurrence,
 * and the tail of an occurrence that started in text released before the span was known is hidden
 * too. In a channel whose pieces are sent as JSON, a span is also hidden where it only shows once
 * the JSON's escape sequences are decoded.
 *
 * Cost: each check searches, in each channel, only the text that came since the previous one (plus
 * a margin as long as the longest span), unless it flagged a new span (then every channel is
 * searched whole, once, by one matcher for all the spans known so far); each chunk costs time in
 * proportion to its own text. The spans kept over the whole stream are held to the limits of
 * `enforce` (`maxRedactionThreads`, `maxRedactionSpanLength`): beyond them the stream stops with an
 * `AnthalePolicyViolationError` ("too-many-spans"). Every {@link chunksPerTurn} chunks read or
 * released in a row, the event loop is let run. On block or failure the source is cancelled and the
 * iteration rejects.
 */
export function guardStream<C>(init: StreamGuardInit<C>): AsyncGenerator<C> {
  const { mode, windowSize, check } = init;
  const windowed = mode === "window";
  const passthrough = mode === "passthrough";
  const iterator = init.source[Symbol.asyncIterator]();
  const channels = new Map<string, StreamChannel>();
  // Chunks read and not released yet: `held[head]` on.
  const held: (Held<C> | undefined)[] = [];
  let head = 0;
  // Every span flagged so far (each once).
  const spans: Span[] = [];
  const known = new Set<string>();
  let spanLength = 0;
  let longestSpan = 0;
  // The matcher for those spans, built when first needed and again after new spans came: a
  // stream that never needs one (passthrough, or no text released yet) does not pay for it.
  let matcher: SpanMatcher | undefined;
  const spanMatcher = (): SpanMatcher => {
    matcher ??= new SpanMatcher(spans);
    return matcher;
  };
  // Characters of text read so far (in every channel), and as of the latest check's start.
  let readLength = 0;
  let startedAt = 0;
  let checksStarted = 0;
  // The characters the next window check waits for, counted from the latest check's start.
  let window = init.firstWindowSize;
  // The latest check started and not taken in yet (results are taken in the order checks started).
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

  // Checks the text read so far (each channel's text). Its result is taken in once every check
  // started before it was; the stream is finished once a check covering the whole ended answer
  // passed.
  const startCheck = () => {
    const snapshot = new Map([...channels].map(([name, channel]) => [name, channel.text.whole]));
    const covers = readLength;
    startedAt = readLength;
    checksStarted++;
    // Taken in once the check started before it (if any) was.
    const current: Promise<void> = Promise.all([check(snapshot), checking]).then(([result]) => {
      if (stopped) return;
      learn(result, snapshot);
      if (read && covers === readLength) finished = true;
      if (checking === current) checking = undefined;
      wake();
      maybeCheck();
    });
    current.catch(stop);
    checking = current;
  };

  // Starts the checks the stream needs now: in "window" mode, a window check once the current
  // window was read and no check is under way; once the source ended, the final check, unless the
  // latest check started covers the whole answer (then that one is the final check).
  const maybeCheck = () => {
    if (stopped || finished) return;
    if (read) {
      if (checksStarted > 0 && startedAt === readLength) {
        if (!checking) {
          finished = true;
          wake();
        }
        return;
      }
      startCheck();
    } else if (windowed && !checking && readLength - startedAt >= window) {
      window = nextWindow(window, windowSize);
      startCheck();
    }
  };

  // Takes in the spans of a passed check; `true` when there are new ones.
  const addSpans = (result: EnforceResult | undefined): boolean => {
    const before = spans.length;
    for (const span of spansOf(result)) {
      const key = JSON.stringify([span.span, span.category ?? null]);
      if (known.has(key)) continue;
      known.add(key);
      spans.push(span);
      spanLength += span.span.length;
      longestSpan = Math.max(longestSpan, span.span.length, span.span.normalize("NFC").length);
      if (spans.length > maxRedactionThreads || spanLength > maxRedactionSpanLength) {
        throw tooManySpans(result as EnforceResult);
      }
    }
    return spans.length > before;
  };

  // Takes in a passed check: its spans, and where each channel's text may be cut and is hidden.
  const learn = (result: EnforceResult | undefined, snapshot: ReadonlyMap<string, string>) => {
    const added = addSpans(result);
    // Passthrough output left already: there is nothing to cut or hide.
    if (passthrough) return;
    if (added) matcher = undefined;
    for (const [name, channel] of channels) {
      const checked = snapshot.get(name);
      if (checked !== undefined) channel.passCheck(checked.length);
      if (added) channel.unsettle();
      // A channel's text only grows: a new length is new text.
      if (spans.length > 0 && (added || channel.text.length !== channel.searched)) {
        channel.search(spanMatcher(), longestSpan);
      }
    }
  };

  const channelOf = (name: string): StreamChannel => {
    let channel = channels.get(name);
    if (!channel) {
      channel = new StreamChannel();
      channels.set(name, channel);
    }
    return channel;
  };

  const pump = async () => {
    try {
      let inARow = 0;
      for (let next = await iterator.next(); !next.done && !stopped; next = await iterator.next()) {
        const pieces = init.read(next.value).map((piece) => {
          if (piece.snapshot) return { ...piece, end: 0 };
          readLength += piece.text.length;
          return {
            ...piece,
            end: channelOf(piece.channel).append(piece.text, piece.json === true),
          };
        });
        held.push({ chunk: next.value, pieces });
        maybeCheck();
        // Only a passthrough chunk can leave at once; the others wait for a check to pass.
        if (passthrough) wake();
        if (++inARow >= chunksPerTurn) {
          inARow = 0;
          await nextTurn();
        }
      }
      read = true;
      maybeCheck();
    } catch (error) {
      stop(error);
    }
  };

  // A chunk leaves in "window" mode once every piece ends within a passed check, at a word
  // boundary, and outside any stretch to hide.
  const releasable = ({ pieces }: Held<C>): boolean =>
    finished ||
    (windowed &&
      pieces.every(
        (piece) => !piece.snapshot && channels.get(piece.channel)?.mayRelease(piece.end) === true,
      ));

  // A snapshot piece repeats text already streamed: it leaves redacted whole.
  const redactSnapshot = (piece: StreamPiece): string => {
    const text = spanMatcher().redact(piece.text).text;
    return piece.json ? hideEscapedSpans(text, spanMatcher()) : text;
  };

  // Each piece's text goes out from where its channel's released text ends, up to the piece's end
  // (see `StreamChannel.release`).
  const release = ({ chunk, pieces }: Held<C>): C => {
    const out = pieces.map((piece) =>
      piece.snapshot ? redactSnapshot(piece) : channelOf(piece.channel).release(piece.end),
    );
    return init.write ? init.write(chunk, out) : writePieces(chunk, pieces, out, spanMatcher());
  };

  // Takes the first chunk held out of the queue; the queue is compacted now and then, so taking
  // every chunk of a long stream costs time in proportion to their number.
  const take = (): Held<C> => {
    const first = held[head] as Held<C>;
    held[head] = undefined;
    head++;
    if (head >= chunksPerTurn && head * 2 >= held.length) {
      held.splice(0, head);
      head = 0;
    }
    return first;
  };

  return (async function* guarded(): AsyncGenerator<C> {
    pump();
    try {
      let inARow = 0;
      for (;;) {
        // Passthrough chunks leave as they come, even once a failure is known; the others only
        // while no check failed.
        const first = held[head];
        if (first && (passthrough || (!stopped && releasable(first)))) {
          take();
          yield passthrough ? first.chunk : release(first);
          if (++inARow >= chunksPerTurn) {
            inARow = 0;
            await nextTurn();
          }
        } else if (stopped) throw stopped.error;
        else if (finished) return;
        else {
          inARow = 0;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      }
    } finally {
      if (!finished) stop();
    }
  })();
}
