/**
 * Grapheme cluster boundaries (what a reader sees as one character), found cheaply.
 *
 * `Intl.Segmenter` knows the boundaries, but on some runtimes each call costs microseconds and
 * segmenting a long string costs more than linear time. So it is only asked about short stretches
 * of text, and only where the answer is not plain: between two "plain" characters (below) there is
 * always a boundary, which covers most positions of most texts.
 */

/**
 * Code unit ranges, `[first, last]` pairs, of characters that never join a neighbour that is also
 * plain: ASCII and Latin-1 (controls included), Latin Extended and IPA letters, Greek, Cyrillic
 * and Armenian letters, Hebrew and Arabic letters, kana, CJK ideographs and Hangul syllables. None
 * is a combining mark, a prepended mark, a joiner, a regional indicator or a Hangul jamo, so the
 * only pair of them with no boundary in between is CR LF. The same holds for Unicode
 * normalization: none composes with, or reorders around, the character before it.
 */
const plainRanges = [
  0x0000, 0x02ff, 0x0370, 0x0482, 0x048a, 0x058f, 0x05d0, 0x05f4, 0x0620, 0x064a, 0x3041, 0x3096,
  0x30a0, 0x30ff, 0x4e00, 0x9fff, 0xac00, 0xd7a3,
];

/** Whether the code unit `unit` is a plain character (see {@link plainRanges}). */
export function isPlain(unit: number): boolean {
  if (unit <= (plainRanges[1] as number)) return true; // The first range, without a loop.
  for (let at = 2; at < plainRanges.length; at += 2) {
    if (unit < (plainRanges[at] as number)) return false;
    if (unit <= (plainRanges[at + 1] as number)) return true;
  }
  return false;
}

/**
 * Whether `at` (0 < at < text.length) is certainly a grapheme cluster boundary of `text`: the
 * characters on both sides are plain and are not CR followed by LF. `false` means "not known".
 */
export function isPlainBoundary(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return isPlain(before) && isPlain(after) && !(before === 0x0d && after === 0x0a);
}

/** The part of `Intl.Segmenter` used here; tests pass a spy. */
export interface GraphemeSegmenter {
  segment(text: string): GraphemeSegments;
}

/** The part of `Intl.Segments` used here. */
interface GraphemeSegments {
  containing(index: number): { index: number; segment: string } | undefined;
}

let defaultSegmenter: GraphemeSegmenter | undefined;

function graphemeSegmenter(): GraphemeSegmenter {
  defaultSegmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return defaultSegmenter;
}

/**
 * How far past the position asked about a window of text given to the segmenter reaches (longer
 * when a cluster is). Segmenting costs a few microseconds per window and about one per
 * cluster asked about, so nearby questions share a window.
 */
const windowReach = 256;

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** A stretch `[start, end)` of the text given to the segmenter; `start` is a boundary. */
interface Window {
  start: number;
  end: number;
  /** Whether `end` is a boundary too (else the last cluster of the window may be cut short). */
  endsAtBoundary: boolean;
  segments: GraphemeSegments;
}

/**
 * Grapheme cluster boundaries of `text[from, to)`, taken as a text of its own (so `from` and `to`
 * are boundaries), for questions about positions that never go backwards: each position asked
 * about must be at or after the last boundary returned. Under that rule the work is linear in
 * `to - from` plus a constant per question.
 */
export class GraphemeBoundaries {
  /** A boundary at or before every position still to be asked about (the last one returned). */
  private known: number;
  /** The last window given to the segmenter. */
  private window: Window | undefined;

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly to: number,
    private readonly segmenter: GraphemeSegmenter = graphemeSegmenter(),
  ) {
    this.known = from;
  }

  /** The last boundary at or before `at`. */
  floor(at: number): number {
    if (this.isKnownBoundary(at)) return this.settle(Math.min(Math.max(at, this.from), this.to));
    return this.settle(this.clusterAround(at)[0]);
  }

  /** The first boundary at or after `at`. */
  ceil(at: number): number {
    if (this.isKnownBoundary(at)) return this.settle(Math.min(Math.max(at, this.from), this.to));
    const [start, end] = this.clusterAround(at);
    return this.settle(start === at ? at : end);
  }

  private settle(boundary: number): number {
    this.known = Math.max(this.known, boundary);
    return boundary;
  }

  private isKnownBoundary(at: number): boolean {
    return at <= this.from || at === this.known || at >= this.to || isPlainBoundary(this.text, at);
  }

  /**
   * The cluster `[start, end)` holding the code unit at `at` (known < at < to). The segmenter's
   * boundaries in a window that starts at a boundary are exact, except that the window's end cuts
   * its last cluster short: a cluster reaching the end of a window that does not end at a
   * boundary is looked at again in a longer window starting where it starts.
   */
  private clusterAround(at: number): [number, number] {
    let window = this.window;
    if (!window || at < window.start || at >= window.end) {
      // Start at the last plain boundary before `at`, or the last boundary known.
      let start = at - 1;
      while (start > this.known && !isPlainBoundary(this.text, start)) start--;
      window = this.open(start, at + windowReach);
    }
    for (;;) {
      const cluster = window.segments.containing(at - window.start);
      const start = window.start + (cluster?.index ?? 0);
      const end = cluster ? start + cluster.segment.length : window.end;
      if (end < window.end || window.endsAtBoundary) return [start, end];
      // Twice as long from where the cluster starts (so a long cluster costs linear time), and
      // reaching well past `at` again.
      window = this.open(start, Math.max(at + windowReach, window.end + (window.end - start)));
    }
  }

  /** Gives the segmenter `text[start, end)` (end kept within the text, never inside a pair). */
  private open(start: number, end: number): Window {
    const { text, to } = this;
    let stop = Math.min(end, to);
    if (
      stop < to &&
      isHighSurrogate(text.charCodeAt(stop - 1)) &&
      isLowSurrogate(text.charCodeAt(stop))
    ) {
      stop++;
    }
    this.window = {
      start,
      end: stop,
      endsAtBoundary: stop === to || isPlainBoundary(text, stop),
      segments: this.segmenter.segment(text.slice(start, stop)),
    };
    return this.window;
  }
}
