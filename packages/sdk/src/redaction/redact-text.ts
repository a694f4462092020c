// Redacting text: SpanMatcher finds every occurrence of a set of spans (raw and NFC, widened to whole
// grapheme clusters), applyRedactions and redactText replace them with placeholders.
import { GraphemeBoundaries } from "./graphemes.js";
import { normalizedView } from "./normalized-view.js";
import { placeholder } from "./placeholder.js";
import { SpanAutomaton } from "./span-automaton.js";
import { StretchMerger } from "./stretch-merger.js";

export { placeholder };

/** A piece of text to hide, and the category named in its placeholder. */
export interface Span {
  /** The exact text to hide. */
  span: string;
  /** Category shown in the placeholder, such as `email`; without one the placeholder is `[REDACTED]`. */
  category?: string | undefined;
}

/** A stretch `[start, end)` of a text, in UTF-16 code units. */
export interface TextRange {
  /** Index of the first code unit. */
  start: number;
  /** Index after the last code unit. */
  end: number;
}

/** One stretch of a text to hide, and the category its placeholder names. */
export interface Redaction extends TextRange {
  /** Category of the span occurrence that starts the stretch (`undefined`: none given). */
  category: string | undefined;
}

/** A text with its redactions applied. */
export interface RedactedText {
  /** The text with every redaction replaced by its placeholder. */
  text: string;
  /**
   * Where the placeholders this SDK inserted are in `text`, in order: those inserted by this call,
   * and the `keep` ranges it was given (moved to where they are now).
   */
  placeholders: TextRange[];
}

/**
 * Finds every occurrence of a set of spans in texts. Build one per set of spans and search every
 * text of a conversation with it; `found` tells which spans occurred in any text searched.
 *
 * Spans are matched as plain text (no pattern syntax), every occurrence, overlapping ones
 * included, whatever surrounds them: as given against the text, and NFC-normalized against the
 * text NFC-normalized (so a span sent composed is found in a decomposed text, and the reverse).
 * Empty spans (and values that are not strings) are ignored and never found.
 *
 * Cost: building is linear in the spans' total length (plus sorting them); each search is linear
 * in the text's length plus the number of spans, however many occurrences overlap.
 */
export class SpanMatcher {
  /** The spans searched for, as given. */
  readonly spans: readonly Span[];
  /** `found[i]` is `true` once `spans[i]` occurred (as given or NFC-normalized) in a text searched. */
  readonly found: boolean[];
  /** The category of each span (`undefined` when it is not a string). */
  private readonly categories: (string | undefined)[];
  /** Matches the spans as given. */
  private readonly raw: SpanAutomaton;
  /** Matches the spans NFC-normalized (`raw` itself when every span is in NFC already). */
  private readonly normalized: SpanAutomaton;

  constructor(spans: readonly Span[]) {
    this.spans = spans;
    this.found = spans.map(() => false);
    const texts = spans.map((span) => (typeof span?.span === "string" ? span.span : ""));
    this.categories = spans.map((span) =>
      typeof span?.category === "string" ? span.category : undefined,
    );
    const normalized = texts.map((text) => text.normalize("NFC"));
    this.raw = new SpanAutomaton(texts);
    this.normalized = normalized.every((text, index) => text === texts[index])
      ? this.raw
      : new SpanAutomaton(normalized);
  }

  /**
   * The stretches of `text` to hide, in order, none overlapping or touching: every occurrence of
   * every non-empty span, as given or NFC-normalized, widened to whole grapheme clusters (what a
   * reader sees as one character, so no half character is left on either side). Occurrences that
   * overlap or touch make one stretch, named by the category of the occurrence that starts first
   * (the longest one if several start there, the span given first if they are as long).
   *
   * Nothing inside a `keep` range is matched, and no occurrence crosses one: the text between
   * keep ranges is searched piece by piece, each piece as a text of its own. Pass the
   * `placeholders` of an earlier {@link redact} so that its placeholders are left as they are.
   */
  find(text: string, keep: readonly TextRange[] = []): Redaction[] {
    const redactions: Redaction[] = [];
    let from = 0;
    for (const range of keptRanges(keep, text.length)) {
      this.findIn(text, from, range.start, redactions);
      from = range.end;
    }
    this.findIn(text, from, text.length, redactions);
    this.spans.forEach((_, index) => {
      if (!this.found[index] && (this.raw.occurred(index) || this.normalized.occurred(index))) {
        this.found[index] = true;
      }
    });
    return redactions;
  }

  /**
   * `text` with every stretch {@link find} returns replaced by its placeholder. Redacting the
   * result again with its `placeholders` as `keep` changes nothing.
   */
  redact(text: string, keep: readonly TextRange[] = []): RedactedText {
    const kept = keptRanges(keep, text.length);
    const redactions = this.find(text, kept);
    const redacted = applyRedactions(text, redactions);
    if (kept.length === 0) return redacted;
    // Each kept range moves by as much as the redactions before it changed the text's length.
    const placeholders: TextRange[] = [];
    let next = 0;
    for (const range of kept) {
      while (next < redactions.length && (redactions[next] as Redaction).end <= range.start) {
        placeholders.push(redacted.placeholders[next] as TextRange);
        next++;
      }
      const shift =
        next === 0
          ? 0
          : (redacted.placeholders[next - 1] as TextRange).end -
            (redactions[next - 1] as Redaction).end;
      placeholders.push({ start: range.start + shift, end: range.end + shift });
    }
    for (; next < redactions.length; next++) {
      placeholders.push(redacted.placeholders[next] as TextRange);
    }
    return { text: redacted.text, placeholders };
  }

  /** Adds the redactions of `text[from, to)`, taken as a text of its own, to `redactions`. */
  private findIn(text: string, from: number, to: number, redactions: Redaction[]): void {
    if (to <= from) return;
    // Occurrences of the spans as given, merged in order of their end with those found in the
    // normalized text.
    const viaNormalized = this.normalizedOccurrences(text, from, to);
    const occurrences = new StretchMerger();
    let next = 0;
    const addNormalizedUpTo = (end: number) => {
      for (; next < viaNormalized.length && (viaNormalized[next + 1] as number) <= end; next += 3) {
        occurrences.addOccurrence(
          viaNormalized[next] as number,
          viaNormalized[next + 1] as number,
          viaNormalized[next + 2] as number,
        );
      }
    };
    this.raw.scan(text, from, to, (start, end, span) => {
      addNormalizedUpTo(end);
      occurrences.addOccurrence(start, end, span);
    });
    addNormalizedUpTo(to);
    if (occurrences.stretches.length === 0) return;

    // Widened to grapheme clusters; stretches that come to touch merge.
    const boundaries = new GraphemeBoundaries(text, from, to);
    const widened = new StretchMerger();
    let reached = from;
    for (const stretch of occurrences.stretches) {
      if (stretch.start > reached) stretch.start = boundaries.floor(stretch.start);
      if (stretch.end > reached) stretch.end = boundaries.ceil(stretch.end);
      reached = Math.max(reached, stretch.end);
      widened.add(stretch);
    }
    for (const { start, end, namer } of widened.stretches) {
      redactions.push({ start, end, category: this.categories[namer] });
    }
  }

  /**
   * The occurrences of the normalized spans in the NFC form of `text[from, to)`, in offsets of
   * `text`, in order of their end, as `[start, end, span]` triples. Empty when neither the spans
   * nor the text change under normalization (the common case): the search as given covers it.
   */
  private normalizedOccurrences(text: string, from: number, to: number): number[] {
    const occurrences: number[] = [];
    const view = normalizedView(text, from, to);
    if (view) {
      const { rawStart, rawEnd } = view;
      this.normalized.scan(view.text, 0, view.text.length, (start, end, span) => {
        occurrences.push(rawStart[start] as number, rawEnd[end] as number, span);
      });
    } else if (this.normalized !== this.raw) {
      this.normalized.scan(text, from, to, (start, end, span) => {
        occurrences.push(start, end, span);
      });
    }
    return occurrences;
  }
}

/**
 * The ranges of `keep` that lie in a text of `length` code units, in order and merged. Offsets
 * are rounded inwards and ranges that are not numbers are dropped, so a bad range keeps less text
 * from being searched, never more.
 */
function keptRanges(keep: readonly TextRange[], length: number): TextRange[] {
  const ranges: TextRange[] = [];
  for (const range of Array.isArray(keep) ? keep : []) {
    const start = Math.max(0, Math.ceil(range?.start));
    const end = Math.min(length, Math.floor(range?.end));
    if (start < end) ranges.push({ start, end });
  }
  ranges.sort((a, b) => a.start - b.start);
  const merged: TextRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push(range);
  }
  return merged;
}

/**
 * `text` with each redaction replaced by its placeholder (see {@link placeholder}). Redactions
 * are expected in order and apart, as {@link SpanMatcher.find} returns them; others are put in
 * order first, and those that overlap are merged (named by the one that starts first), so every
 * stretch given is hidden. Offsets are kept within the text; empty redactions are ignored.
 */
export function applyRedactions(text: string, redactions: readonly Redaction[]): RedactedText {
  const names = new Map<string | undefined, string>();
  let result = "";
  let from = 0;
  const placeholders: TextRange[] = [];
  for (const { start, end, category } of inOrder(redactions, text.length)) {
    result += text.slice(from, start);
    let inserted = names.get(category);
    if (inserted === undefined) {
      inserted = placeholder(category);
      names.set(category, inserted);
    }
    placeholders.push({ start: result.length, end: result.length + inserted.length });
    result += inserted;
    from = end;
  }
  return { text: result + text.slice(from), placeholders };
}

/** `redactions` within `[0, length]`, non-empty, in order and apart (see {@link applyRedactions}). */
function inOrder(redactions: readonly Redaction[], length: number): readonly Redaction[] {
  let previousEnd = 0;
  const ordered = redactions.every(({ start, end }) => {
    const fits = previousEnd <= start && start < end && end <= length;
    previousEnd = end;
    return fits;
  });
  if (ordered) return redactions;
  const clamped = redactions
    .map(({ start, end, category }) => ({
      start: Math.max(0, Math.floor(start)),
      end: Math.min(length, Math.ceil(end)),
      category,
    }))
    .filter(({ start, end }) => start < end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Redaction[] = [];
  for (const redaction of clamped) {
    const last = merged[merged.length - 1];
    if (last && redaction.start < last.end) last.end = Math.max(last.end, redaction.end);
    else merged.push(redaction);
  }
  return merged;
}

/**
 * Replaces every occurrence of every span in `text` by its placeholder, whatever surrounds it
 * (text that looks like a placeholder included): spans are matched as plain text (no pattern
 * syntax), as given and NFC-normalized; each covered stretch is widened to whole characters
 * (grapheme clusters); overlapping and adjacent stretches merge into one placeholder; empty spans
 * are ignored. See {@link SpanMatcher} to redact several texts, or to redact a text again.
 */
export function redactText(text: string, spans: readonly Span[]): string {
  return new SpanMatcher(spans).redact(text).text;
}
