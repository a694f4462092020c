// Properties of redactText over generated text and spans: regex metacharacters, repeated and
// overlapping spans, unicode (surrogate pairs, combining marks), empty strings, and text that
// already holds placeholders or pieces of them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeholder, redactText, type Span } from "./redact-text.js";

const placeholderPattern = /\[REDACTED:[^\]\s]*\]/g;

/** Units the text is made of: few letters (so spans repeat and overlap), metacharacters, unicode. */
const plainUnits = [
  "a",
  "b",
  "ab",
  " ",
  ..."\\^$.|?*+()[]{}/-",
  "é",
  "e\u0301",
  "👋",
  "你好",
  "\u0000",
  "\n",
];
/** The same, plus the pieces placeholders are made of. */
const trickyUnits = [...plainUnits, "[REDACTED:", "]", "[REDACTED:email]", ":", "REDACTED"];

const textOf = (units: string[]) =>
  fc.array(fc.constantFrom(...units), { maxLength: 30 }).map((parts) => parts.join(""));

/** Categories as the contract names them: no `]` and no whitespace. */
const category = fc.stringMatching(/^[a-z_-]{0,10}$/);

/** Spans cut from the text (so they occur, often several times) or made up, empty included. */
function spansFor(text: string, units: string[]): fc.Arbitrary<Span[]> {
  const cut = fc
    .tuple(fc.nat({ max: text.length }), fc.nat({ max: 8 }))
    .map(([start, length]) => text.slice(start, start + length));
  return fc.array(
    fc.record({ span: fc.oneof(cut, cut, textOf(units), fc.constant("")), category }),
    { maxLength: 5 },
  );
}

const case_ = (units: string[]) =>
  textOf(units).chain((text) => fc.tuple(fc.constant(text), spansFor(text, units)));

/** The text with every run of characters covered by an occurrence of a span replaced by `\0`. */
function coveredRunsMarked(text: string, spans: readonly Span[]): string {
  const covered = new Array<boolean>(text.length).fill(false);
  for (const { span } of spans) {
    if (span.length === 0) continue;
    for (let at = text.indexOf(span); at !== -1; at = text.indexOf(span, at + 1)) {
      covered.fill(true, at, at + span.length);
    }
  }
  let marked = "";
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) marked += text[i];
    else if (!covered[i - 1] || i === 0) marked += "\0";
  }
  return marked;
}

describe("redactText properties", () => {
  it("never throws, whatever the text, spans and categories", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }),
        fc.array(fc.record({ span: fc.string({ unit: "binary" }), category: fc.string() })),
        (text, spans) => {
          expect(typeof redactText(text, spans)).toBe("string");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("hides every character of every occurrence of every span, and keeps every other one in order", () => {
    fc.assert(
      fc.property(case_(plainUnits), ([text, spans]) => {
        const redacted = redactText(text, spans);
        const categories = new Set(spans.map((span) => placeholder(span.category)));
        for (const inserted of redacted.match(placeholderPattern) ?? []) {
          expect(categories.has(inserted)).toBe(true);
        }
        expect(redacted.replace(placeholderPattern, "\0")).toBe(coveredRunsMarked(text, spans));
        for (const { span } of spans) {
          if (span.length === 0) continue;
          for (const piece of redacted.split(placeholderPattern)) expect(piece).not.toContain(span);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("leaves text untouched when no span occurs in it", () => {
    fc.assert(
      fc.property(
        textOf(trickyUnits),
        fc.array(fc.record({ span: fc.string(), category })),
        (text, spans) => {
          fc.pre(spans.every((span) => span.span.length === 0 || !text.includes(span.span)));
          expect(redactText(text, spans)).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is idempotent, even on text holding placeholders or pieces of them", () => {
    fc.assert(
      fc.property(case_(trickyUnits), ([text, spans]) => {
        const once = redactText(text, spans);
        expect(redactText(once, spans)).toBe(once);
      }),
      { numRuns: 1_000 },
    );
  });
});
