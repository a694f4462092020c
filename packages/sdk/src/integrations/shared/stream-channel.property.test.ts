// Properties of a stream channel's search: searching only from the settled offset at each check
// finds exactly what a search of the whole text so far would (for text, and for JSON text with its
// escape sequences decoded), whatever the text, the spans and where the checks fall; and released
// text, put together, is the text with those stretches hidden.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SpanMatcher } from "../../redaction/redact-text.js";
import { escapedStretches } from "./json-escapes.js";
import { mergeStretches, StreamChannel } from "./stream-channel.js";

// Pieces of text that stress the settling rules: plain and non-plain characters, combining marks
// and NFC/NFD forms, CR LF, emoji, a script outside the plain ranges, JSON escape sequences.
const units = [
  "a",
  "b",
  "ab",
  " ",
  ".",
  "\u00e9",
  "e\u0301",
  "\u0301",
  "\r",
  "\n",
  "\u{1F44B}",
  "\u200d",
  "\u0915",
  "\u094d",
  "\u093f",
  "\u4f60",
  "\\u0040",
  "@",
  "\\n",
  '\\"',
  "\\",
  "u",
  "0",
];
const text = fc.array(fc.constantFrom(...units), { maxLength: 60 }).map((parts) => parts.join(""));

/** Spans cut from `source` or made of units, 1 to 8 code units long. */
function spansFor(source: string) {
  const cut = fc
    .record({ start: fc.nat(), length: fc.integer({ min: 1, max: 8 }) })
    .map(({ start, length }) => {
      const from = source.length === 0 ? 0 : start % source.length;
      return source.slice(from, from + length) || "a";
    });
  const made = fc
    .array(fc.constantFrom("a", "b", " ", "@", "\n", "\u00e9", "e\u0301", "\u0915", '"'), {
      minLength: 1,
      maxLength: 4,
    })
    .map((parts) => parts.join(""));
  return fc.array(fc.oneof(cut, made), { minLength: 1, maxLength: 4 });
}

const scenario = text.chain((source) =>
  fc.record({
    source: fc.constant(source),
    spans: spansFor(source),
    // Where the text is cut into pieces, and after which pieces a check searches it.
    cuts: fc.array(fc.nat({ max: Math.max(0, source.length) }), { maxLength: 12 }),
    searchEvery: fc.integer({ min: 1, max: 4 }),
    json: fc.boolean(),
  }),
);

/** `source` cut into pieces at `cuts`. */
function piecesOf(source: string, cuts: number[]): string[] {
  const points = [...new Set([0, ...cuts, source.length])].sort((a, b) => a - b);
  return points.slice(1).map((end, index) => source.slice(points[index], end));
}

describe("StreamChannel properties", () => {
  it("finds, searching from the settled offset, what a search of the whole text finds", () => {
    fc.assert(
      fc.property(scenario, ({ source, spans, cuts, searchEvery, json }) => {
        const matcher = new SpanMatcher(spans.map((span) => ({ span, category: "x" })));
        const longest = Math.max(...spans.map((span) => span.normalize("NFC").length), 0);
        const longestSpan = Math.max(longest, ...spans.map((span) => span.length));
        const channel = new StreamChannel();
        let sofar = "";
        piecesOf(source, cuts).forEach((piece, index) => {
          sofar += piece;
          channel.append(piece, json);
          if ((index + 1) % searchEvery !== 0) return;
          channel.search(matcher, longestSpan);
          const whole = matcher.find(sofar);
          const expected = json ? mergeStretches(whole, escapedStretches(sofar, matcher)) : whole;
          expect(channel.hidden).toEqual(expected);
          expect(channel.settled).toBeLessThanOrEqual(sofar.length);
        });
      }),
      { numRuns: 3_000 },
    );
  });

  it("releases the text with every stretch hidden once the whole of it was searched", () => {
    fc.assert(
      fc.property(scenario, ({ source, spans, cuts, searchEvery }) => {
        const matcher = new SpanMatcher(spans.map((span) => ({ span, category: "x" })));
        const longestSpan = Math.max(...spans.map((span) => span.length), 0) * 2;
        const channel = new StreamChannel();
        const ends = piecesOf(source, cuts).map((piece, index) => {
          const end = channel.append(piece, false);
          if ((index + 1) % searchEvery === 0) channel.search(matcher, longestSpan);
          return end;
        });
        channel.search(matcher, longestSpan);
        const released = ends.map((end) => channel.release(end)).join("");
        expect(released).toBe(matcher.redact(source).text);
      }),
      { numRuns: 1_000 },
    );
  });
});
