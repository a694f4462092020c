// Properties of redaction over generated text and spans. The alphabet mixes what an attacker can
// write: look-alike placeholders and their pieces, regex metacharacters, NFC and NFD forms of the
// same letters (and marks in either order), combining marks, surrogate pairs (and their halves,
// since spans are cut by code unit), emoji ZWJ sequences, skin tones, regional indicators, Hangul
// jamo and CR LF.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  placeholder,
  type RedactedText,
  redactText,
  type Span,
  SpanMatcher,
} from "./redact-text.js";

const units = [
  "a",
  "b",
  "ab",
  " ",
  ..."\\^$.|?*+()[]{}/-",
  "[REDACTED:",
  "]",
  "[REDACTED:email]",
  "[REDACTED]",
  ":",
  "REDACTED",
  "é",
  "e",
  "e\u0301",
  "\u0301",
  "\u0323",
  "\u0302",
  "ệ",
  "\u00c5",
  "A\u030a",
  "\u212b",
  "👋",
  "🏽",
  "👩",
  "\u200d",
  "💻",
  "\u{1f1eb}",
  "\u{1f1f7}",
  "\u1100",
  "\u1161",
  "가",
  "你好",
  "\r",
  "\n",
  "\u0000",
];

const textOf = fc
  .array(fc.constantFrom(...units), { maxLength: 30 })
  .map((parts) => parts.join(""));

const category = fc.oneof(
  fc.constantFrom("email", "phone", "a]b", " ", undefined),
  fc.string({ maxLength: 6 }),
);

/** Spans cut from the text (so they occur, often several times), their NFC/NFD forms, made up ones. */
function spansFor(text: string): fc.Arbitrary<Span[]> {
  const cut = fc
    .tuple(fc.nat({ max: text.length }), fc.integer({ min: 1, max: 8 }))
    .map(([start, length]) => text.slice(start, start + length));
  const form = fc.constantFrom("NFC", "NFD", "as is");
  const variant = fc
    .tuple(cut, form)
    .map(([span, how]) => (how === "as is" ? span : span.normalize(how)));
  const span = fc.oneof(cut, variant, textOf).filter((value) => value.length > 0);
  return fc.array(fc.record({ span, category }), { minLength: 1, maxLength: 5 });
}

const cases = textOf.chain((text) => fc.tuple(fc.constant(text), spansFor(text)));

/** The parts of a redacted text between the placeholders inserted, in order. */
function piecesOf({ text, placeholders }: RedactedText): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const { start, end } of placeholders) {
    pieces.push(text.slice(from, start));
    from = end;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/** Whether `span` occurs in `text`, as given or NFC-normalized. */
const occursIn = (text: string, span: string) =>
  text.includes(span) || text.normalize("NFC").includes(span.normalize("NFC"));

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Every grapheme cluster boundary of `text`. */
function boundariesOf(text: string): Set<number> {
  const found = new Set([text.length]);
  for (const { index } of segmenter.segment(text)) found.add(index);
  return found;
}

describe("redaction properties", () => {
  it("leaves no span in the text between the placeholders, as given or NFC-normalized", () => {
    fc.assert(
      fc.property(cases, ([text, spans]) => {
        const pieces = piecesOf(new SpanMatcher(spans).redact(text));
        for (const { span } of spans) {
          for (const piece of pieces) {
            expect(piece).not.toContain(span);
            expect(piece.normalize("NFC")).not.toContain(span.normalize("NFC"));
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("cuts the text only at grapheme cluster boundaries, keeping the rest as it was", () => {
    fc.assert(
      fc.property(cases, ([text, spans]) => {
        const matcher = new SpanMatcher(spans);
        const redactions = matcher.find(text);
        const boundaries = boundariesOf(text);
        let previousEnd = -1;
        for (const { start, end } of redactions) {
          expect(start).toBeGreaterThan(previousEnd);
          expect(end).toBeGreaterThan(start);
          expect(boundaries.has(start)).toBe(true);
          expect(boundaries.has(end)).toBe(true);
          previousEnd = end;
        }
        // The text between placeholders is the original text between the stretches hidden.
        const kept = [0, ...redactions.flatMap(({ start, end }) => [start, end]), text.length];
        const originals = [];
        for (let at = 0; at < kept.length; at += 2) {
          originals.push(text.slice(kept[at], kept[at + 1]));
        }
        expect(piecesOf(matcher.redact(text))).toEqual(originals);
        for (const piece of originals) {
          expect(piece).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("changes nothing when redacting again with the placeholders it inserted kept", () => {
    fc.assert(
      fc.property(cases, ([text, spans]) => {
        const matcher = new SpanMatcher(spans);
        const once = matcher.redact(text);
        expect(matcher.redact(once.text, once.placeholders)).toEqual(once);
        expect(new SpanMatcher(spans).redact(once.text, once.placeholders)).toEqual(once);
      }),
      { numRuns: 2_000 },
    );
  });

  it("leaves text untouched when no span occurs in it", () => {
    fc.assert(
      fc.property(textOf, fc.array(fc.record({ span: textOf, category })), (text, spans) => {
        fc.pre(spans.every(({ span }) => span.length === 0 || !occursIn(text, span)));
        expect(redactText(text, spans)).toBe(text);
        const matcher = new SpanMatcher(spans);
        expect(matcher.redact(text)).toEqual({ text, placeholders: [] });
        expect(matcher.found.every((found) => !found)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it("tells which spans occurred, as given or NFC-normalized, in any text searched", () => {
    fc.assert(
      fc.property(cases, textOf, ([text, spans], other) => {
        const matcher = new SpanMatcher(spans);
        matcher.find(text);
        expect(matcher.found).toEqual(spans.map(({ span }) => occursIn(text, span)));
        matcher.redact(other);
        expect(matcher.found).toEqual(
          spans.map(({ span }) => occursIn(text, span) || occursIn(other, span)),
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it("hides exactly the occurrences, widened to whole clusters and merged, named as documented", () => {
    // On text and spans in NFC, the result can be computed the slow way: mark each occurrence,
    // widen each marked run to cluster boundaries, merge runs that touch.
    fc.assert(
      fc.property(cases, ([text, spans]) => {
        fc.pre(text.normalize("NFC") === text);
        fc.pre(spans.every(({ span }) => span.normalize("NFC") === span));
        const occurrences: { start: number; end: number; index: number }[] = [];
        spans.forEach(({ span }, index) => {
          for (let at = text.indexOf(span); at !== -1; at = text.indexOf(span, at + 1)) {
            occurrences.push({ start: at, end: at + span.length, index });
          }
        });
        const boundaries = [...boundariesOf(text)].sort((a, b) => a - b);
        const floor = (at: number) => Math.max(...boundaries.filter((b) => b <= at));
        const ceil = (at: number) => Math.min(...boundaries.filter((b) => b >= at));
        const covered = new Array<boolean>(text.length).fill(false);
        for (const { start, end } of occurrences) covered.fill(true, floor(start), ceil(end));
        const expected: { start: number; end: number; category: string | undefined }[] = [];
        for (let at = 0; at < text.length; at++) {
          if (!covered[at]) continue;
          let end = at;
          while (end < text.length && covered[end]) end++;
          const inside = occurrences.filter((o) => o.start >= at && o.end <= end);
          inside.sort((x, y) => x.start - y.start || y.end - x.end || x.index - y.index);
          expected.push({ start: at, end, category: spans[inside[0]?.index ?? -1]?.category });
          at = end;
        }
        const found = new SpanMatcher(spans).find(text);
        expect(found.map(({ start, end }) => [start, end])).toEqual(
          expected.map(({ start, end }) => [start, end]),
        );
        expect(found.map(({ category }) => placeholder(category))).toEqual(
          expected.map(({ category }) => placeholder(category)),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it("never throws, whatever the text, spans, categories and keep ranges", () => {
    const range = fc.record({
      start: fc.integer({ min: -5, max: 40 }),
      end: fc.integer({ min: -5, max: 40 }),
    });
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        fc.array(
          fc.record({
            span: fc.string({ unit: "binary" }),
            category: fc.anything({ maxDepth: 2 }),
          }),
        ),
        fc.array(range, { maxLength: 4 }),
        (text, spans, keep) => {
          const matcher = new SpanMatcher(spans as Span[]);
          expect(typeof matcher.redact(text, keep).text).toBe("string");
        },
      ),
      { numRuns: 500 },
    );
  });
});
