import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GraphemeBoundaries,
  type GraphemeSegmenter,
  isPlain,
  isPlainBoundary,
} from "./graphemes.js";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Every grapheme cluster boundary of `text`, from Intl.Segmenter, short texts only. */
function boundariesOf(text: string): Set<number> {
  const found = new Set([text.length]);
  for (const { index } of segmenter.segment(text)) found.add(index);
  return found;
}

/** Every code point `isPlain` accepts (none is a surrogate, so each is one code unit). */
function plainCodePoints(): number[] {
  const found: number[] = [];
  for (let unit = 0; unit < 0x10000; unit++) if (isPlain(unit)) found.push(unit);
  return found;
}

/** A segmenter that counts the code units it is given and the clusters asked about. */
function countingSegmenter() {
  const counts = { windows: 0, units: 0, questions: 0 };
  const spy: GraphemeSegmenter = {
    segment(text) {
      counts.windows++;
      counts.units += text.length;
      const segments = segmenter.segment(text);
      return {
        containing(index) {
          counts.questions++;
          return segments.containing(index);
        },
      };
    },
  };
  return { spy, counts };
}

describe("isPlainBoundary", () => {
  it("holds only where Intl.Segmenter sees a boundary: every pair of plain characters", () => {
    const plain = plainCodePoints().filter((unit) => unit !== 0x0d);
    expect(plain.length).toBeGreaterThan(30_000);
    // Neighbours in order, in reverse order, and each one next to characters of other kinds.
    const orders = [plain, [...plain].reverse()];
    for (const order of orders) {
      for (let at = 0; at < order.length; at += 64) {
        const text = String.fromCharCode(...order.slice(at, at + 65));
        expect([...segmenter.segment(text)].length).toBe(text.length);
      }
    }
    // Each one (a sample of the large blocks of letters alike) next to a character of each
    // kind of plain character: other, LF, CR, control, pictograph, Hangul LV and LVT syllables.
    const sample = plain.filter((unit, index) => unit < 0x3000 || index % 8 === 0);
    const others = ["a", "\n", "\r", "\u0001", "©", "가", "각"];
    for (let at = 0; at < sample.length; at += 32) {
      const chunk = String.fromCharCode(...sample.slice(at, at + 32));
      for (const other of others) {
        const text = other + [...chunk].join(other) + other;
        const boundaries = boundariesOf(text);
        for (let position = 1; position < text.length; position++) {
          if (isPlainBoundary(text, position)) expect(boundaries.has(position)).toBe(true);
        }
      }
    }
  });

  it("does not hold between CR and LF, or next to characters that may join", () => {
    expect(isPlainBoundary("\r\n", 1)).toBe(false);
    expect(isPlainBoundary("\n\r", 1)).toBe(true);
    for (const text of ["e\u0301", "a\u200d", "👋a", "a👋", "\u1100\u1161", "a\u0600"]) {
      const at = text.length === 2 ? 1 : 2;
      expect(isPlainBoundary(text, at)).toBe(false);
    }
  });
});

describe("GraphemeBoundaries", () => {
  it("widens to whole clusters: surrogate pairs, combining marks, ZWJ sequences, flags", () => {
    const text = "a👋b e\u0301\u0316 👩\u200d💻 🇫🇷🇩🇪 x";
    const expectations: [number, number, number][] = [
      // [position, floor, ceil]
      [2, 1, 3],
      [6, 5, 8],
      [7, 5, 8],
      [10, 9, 14],
      [12, 9, 14],
      [17, 15, 19],
      [19, 19, 19],
      [21, 19, 23],
    ];
    const boundaries = new GraphemeBoundaries(text, 0, text.length);
    for (const [at, floor, ceil] of expectations) {
      expect([at, boundaries.floor(at)]).toEqual([at, floor]);
      expect([at, boundaries.ceil(at)]).toEqual([at, ceil]);
    }
  });

  it("takes its stretch as a text of its own", () => {
    // In the whole text the mark belongs to "e"; in the stretch it starts a cluster.
    const text = "e\u0301x";
    const boundaries = new GraphemeBoundaries(text, 1, 3);
    expect(boundaries.floor(1)).toBe(1);
    expect(boundaries.ceil(2)).toBe(2);
  });

  it("agrees with Intl.Segmenter, for questions that never go backwards", () => {
    const units = [
      "a",
      " ",
      "\r",
      "\n",
      "e\u0301",
      "\u0301",
      "\u0316",
      "\u200d",
      "👋",
      "🏽",
      "👩",
      "💻",
      "🇫",
      "🇷",
      "\ud83d",
      "\ude00",
      "\u1100",
      "\u1161",
      "\u11a8",
      "가",
      "\u0600",
      "\u0915",
      "\u094d",
      "\u0e33",
      "©",
      "\ufe0f",
    ];
    const text = fc
      .array(fc.constantFrom(...units), { maxLength: 40 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(
        text.chain((value) =>
          fc.tuple(
            fc.constant(value),
            fc.nat({ max: value.length }),
            fc.nat({ max: value.length }),
            fc.array(fc.nat({ max: value.length }), { maxLength: 12 }),
          ),
        ),
        ([value, a, b, positions]) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const expected = [...boundariesOf(value.slice(from, to))].map((at) => at + from);
          const boundaries = new GraphemeBoundaries(value, from, to);
          let last = from;
          for (const at of positions
            .map((position) => from + (position % (to - from + 1)))
            .sort((x, y) => x - y)) {
            if (at < last) continue;
            const floor = Math.max(...expected.filter((boundary) => boundary <= at));
            const ceil = Math.min(...expected.filter((boundary) => boundary >= at));
            if (at % 2 === 0) {
              expect(boundaries.floor(at)).toBe(floor);
              last = floor;
            } else {
              expect(boundaries.ceil(at)).toBe(ceil);
              last = ceil;
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("finds the whole of a cluster longer than a window, without splitting a surrogate pair", () => {
    // "a" and 300 variation selectors (astral, each a surrogate pair) make one cluster.
    const text = `a${"\u{e0100}".repeat(300)}b`;
    const boundaries = new GraphemeBoundaries(text, 0, text.length);
    expect(boundaries.floor(2)).toBe(0);
    expect(boundaries.ceil(2)).toBe(601);
    const zalgo = `x${"\u0301".repeat(5000)}y`;
    const marks = new GraphemeBoundaries(zalgo, 0, zalgo.length);
    expect(marks.floor(2500)).toBe(0);
    expect(marks.ceil(2500)).toBe(5001);
  });

  it("asks the segmenter nothing where the characters are plain", () => {
    const { spy, counts } = countingSegmenter();
    const text = "Contact jane@example.com or call +1 555 0100, 山田さん. Привет!";
    const boundaries = new GraphemeBoundaries(text, 0, text.length, spy);
    for (let at = 0; at <= text.length; at++) expect(boundaries.floor(at)).toBe(at);
    expect(counts.windows).toBe(0);
  });

  it("gives the segmenter a number of code units linear in the text, and few windows", () => {
    const { spy, counts } = countingSegmenter();
    const text = "🙂x👍🏽e\u0301".repeat(10_000);
    const boundaries = new GraphemeBoundaries(text, 0, text.length, spy);
    let questions = 0;
    for (let at = 1; at < text.length; at += 3) {
      boundaries.ceil(boundaries.floor(at) + 1);
      questions += 2;
    }
    expect(counts.units).toBeLessThanOrEqual(2 * text.length);
    // A question is asked again only when a window cut its cluster short and a new one opens.
    expect(counts.questions).toBeLessThanOrEqual(questions + counts.windows);
    expect(counts.windows).toBeLessThanOrEqual(text.length / 100);
  });

  it("gives the segmenter a number of code units linear in a long cluster", () => {
    const { spy, counts } = countingSegmenter();
    const text = `x${"\u0301".repeat(100_000)}`;
    const boundaries = new GraphemeBoundaries(text, 0, text.length, spy);
    expect(boundaries.floor(50_000)).toBe(0);
    expect(boundaries.ceil(50_001)).toBe(text.length);
    expect(counts.units).toBeLessThanOrEqual(4 * text.length);
  });
});
