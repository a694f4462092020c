// One text of a streamed answer (a channel): the text read so far, where released text may end,
// the stretches of it to hide, and the helpers that cut and hide slices of it.
import { isPlain, isPlainBoundary } from "../../redaction/graphemes.js";
import { escapedStretches } from "./json-escapes.js";
import { applyRedactions, type Redaction, type SpanMatcher } from "./redaction.js";

/** The index of the first of `ranges` (in order, apart) that ends after `position`. */
function firstEndingAfter(ranges: readonly Redaction[], position: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ranges[middle] as Redaction).end > position) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Where released text may end at or before `end` without cutting one of `ranges` (stretches to
 * hide, in order): `end`, or the start of the range it falls strictly inside.
 */
export function safeEnd(ranges: readonly Redaction[], end: number): number {
  const range = ranges[firstEndingAfter(ranges, end)];
  return range && range.start < end ? range.start : end;
}

/**
 * `slice`, the stretch of a text that starts at `from`, with every part of `ranges` (stretches of
 * the whole text to hide, in order) inside it replaced by its placeholder, including the tail of a
 * range that started before `from` (clipped to the slice).
 */
function hideInSlice(slice: string, from: number, ranges: readonly Redaction[]): string {
  const to = from + slice.length;
  const clipped: Redaction[] = [];
  for (let index = firstEndingAfter(ranges, from); index < ranges.length; index++) {
    const { start, end, category } = ranges[index] as Redaction;
    if (start >= to) break;
    clipped.push({ start: Math.max(start, from) - from, end: Math.min(end, to) - from, category });
  }
  return clipped.length === 0 ? slice : applyRedactions(slice, clipped).text;
}

/** `text.slice(from, to)` with the parts of `ranges` inside it hidden (see {@link hideInSlice}). */
export function redactSlice(
  text: string,
  from: number,
  to: number,
  ranges: readonly Redaction[],
): string {
  return hideInSlice(text.slice(from, to), from, ranges);
}

/** Whether the code unit `unit` is whitespace (where released text may end). */
function isSpace(unit: number): boolean {
  return /\s/.test(String.fromCharCode(unit));
}

/**
 * `a` and `b` (stretches to hide, each in order and apart) as one list in order and apart:
 * stretches that overlap or touch become one, named by the one that starts first (`a`'s on a tie).
 */
export function mergeStretches(a: readonly Redaction[], b: readonly Redaction[]): Redaction[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const merged: Redaction[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next =
      j >= b.length || (i < a.length && (a[i] as Redaction).start <= (b[j] as Redaction).start)
        ? (a[i++] as Redaction)
        : (b[j++] as Redaction);
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

/** Whether a backslash is among the `length` code units of `text` before `end`. */
function backslashBefore(text: string, end: number, length: number): boolean {
  for (let at = Math.max(0, end - length); at < end; at++) {
    if (text.charCodeAt(at) === 0x5c) return true;
  }
  return false;
}

/**
 * A text that grows by pieces, kept as those pieces so that a stretch of it can be taken without
 * copying (or flattening) all of it: taking `[from, to)` costs its length plus a binary search.
 */
export class PieceText {
  /** The whole text as one string, for those who need it whole (it is not read here). */
  whole = "";
  private readonly parts: string[] = [];
  /** Where each part ends in the text. */
  private readonly ends: number[] = [];

  /** The text's length. */
  get length(): number {
    return this.whole.length;
  }

  /** Adds `part` at the end. */
  append(part: string): void {
    if (part.length === 0) return;
    this.whole += part;
    this.parts.push(part);
    this.ends.push(this.whole.length);
  }

  /** The text's code units `[from, to)`, clamped to the text. */
  slice(from: number, to: number): string {
    const end = Math.min(to, this.length);
    if (from >= end) return "";
    let low = 0;
    let high = this.ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.ends[middle] as number) > from) high = middle;
      else low = middle + 1;
    }
    let result = "";
    for (let index = low; index < this.parts.length; index++) {
      const partEnd = this.ends[index] as number;
      const part = this.parts[index] as string;
      const partStart = partEnd - part.length;
      result += part.slice(Math.max(0, from - partStart), Math.min(part.length, end - partStart));
      if (partEnd >= end) break;
    }
    return result;
  }
}

/**
 * One text of a streamed answer (a channel): what was read of it, and what the last passed check
 * made of it: where released text may end, the stretches to hide, how far those are settled, and
 * how far the text was released.
 */
export class StreamChannel {
  /** Everything read so far. */
  readonly text = new PieceText();
  /** Whether the channel's text is JSON (a piece sent as JSON added to it). */
  json = false;
  /** How much of the text the last passed search covered. */
  searched = 0;
  /** How much of the text the last passed check covered. */
  checked = 0;
  /** Where released text may end at the latest: the checked text's last word boundary. */
  boundary = 0;
  /** The stretches of the text to hide, in order and apart, as of the last search. */
  hidden: Redaction[] = [];
  /**
   * The stretches of `hidden` before this offset are final: no occurrence can cross it, whatever
   * text comes next, so a later search starts there (see {@link StreamChannel.settle}).
   */
  settled = 0;
  /** How many stretches of `hidden` end before `settled`. */
  settledCount = 0;
  /** Where the released text ends. */
  released = 0;

  /** Adds a piece of text (`json`: sent as JSON), and returns where the text now ends. */
  append(text: string, json: boolean): number {
    if (json && !this.json) {
      this.json = true;
      this.unsettle();
    }
    this.text.append(text);
    return this.text.length;
  }

  /**
   * Takes in a passed check that covered the first `length` code units: released text may now
   * end at their last whitespace. Only what the check covered beyond the previous one is read.
   */
  passCheck(length: number): void {
    const from = this.checked;
    const checked = this.text.slice(from, length);
    for (let end = checked.length; end > 0; end--) {
      if (isSpace(checked.charCodeAt(end - 1))) {
        this.boundary = from + end;
        break;
      }
    }
    this.checked = Math.max(from, length);
  }

  /**
   * Makes the next search cover the whole text. The stretches found so far stay until then, so
   * what is released in the meantime is still cut and hidden by them.
   */
  unsettle(): void {
    this.settled = 0;
    this.settledCount = 0;
  }

  /**
   * Searches the text read so far for `matcher`'s spans, from `settled` on (the stretches before
   * it are kept; the rest is searched as a text of its own), and moves `settled` on. In a JSON
   * channel the spans are also looked for with the JSON's escape sequences decoded.
   */
  search(matcher: SpanMatcher, longestSpan: number): void {
    const from = this.settled;
    const tail = this.text.slice(from, this.text.length);
    let found = matcher.find(tail);
    if (this.json) found = mergeStretches(found, escapedStretches(tail, matcher));
    this.hidden.length = this.settledCount;
    for (const { start, end, category } of found) {
      this.hidden.push({ start: from + start, end: from + end, category });
    }
    this.searched = this.text.length;
    this.settle(tail, from, longestSpan);
  }

  /**
   * Moves `settled` as far on as it is safe to: to a place `cut` where a search of the text from
   * `cut` on, as a text of its own, finds what a search of the whole text would, now and whatever
   * text comes next. That holds when:
   * - `cut` is between two plain characters (see `isPlainBoundary`): neither Unicode
   *   normalization nor grapheme clusters reach across it (in a JSON channel, no escape sequence
   *   does either: no backslash in the six code units before it);
   * - no stretch to hide holds or touches it;
   * - at least `longestSpan + 4` plain characters follow it (outside escape sequences, in a JSON
   *   channel), so no occurrence starting before it can reach the text to come: each plain
   *   character starts a piece that normalizes to at least one character of its own.
   * It stays where it is when no such place is found (a text without plain characters, such as
   * one written only in a script outside the plain ranges, is then searched whole at each check).
   * `tail` is the text from `from` (the settled offset) on.
   */
  private settle(tail: string, from: number, longestSpan: number): void {
    const { hidden, json } = this;
    // What comes before `tail` is not at hand: in a JSON channel, the first code units of `tail`
    // may belong to an escape sequence that starts before it, so they are neither counted nor cut.
    const unsure = json && from > 0 ? 6 : 0;
    const needed = longestSpan + 4;
    const counts = (at: number) =>
      at >= unsure && isPlain(tail.charCodeAt(at)) && !(json && backslashBefore(tail, at + 1, 6));
    let count = 0;
    let at = tail.length;
    while (at > 0 && count < needed) {
      at--;
      if (counts(at)) count++;
    }
    if (count < needed) return;
    let index = hidden.length;
    for (let cut = at; cut > unsure; cut--) {
      if (!isPlainBoundary(tail, cut) || (json && backslashBefore(tail, cut, 6))) continue;
      while (index > 0 && (hidden[index - 1] as Redaction).start > from + cut) index--;
      const before = hidden[index - 1];
      if (before && before.end >= from + cut) {
        cut = before.start - from;
        continue;
      }
      this.settled = from + cut;
      this.settledCount = index;
      return;
    }
  }

  /**
   * Whether the text may be released up to `end` now: within the last passed check, at a word
   * boundary, and outside any stretch to hide.
   */
  mayRelease(end: number): boolean {
    return end <= this.boundary && safeEnd(this.hidden, end) === end;
  }

  /**
   * The text from where the released text ends up to `end` (or the start of a stretch to hide
   * that `end` falls inside: the rest goes with a later piece), with what it holds of every
   * stretch to hide replaced by a placeholder; the released text then ends there.
   */
  release(end: number): string {
    const from = this.released;
    const to = Math.max(from, safeEnd(this.hidden, end));
    this.released = to;
    return hideInSlice(this.text.slice(from, to), from, this.hidden);
  }
}
