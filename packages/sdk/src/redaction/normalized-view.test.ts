import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPlain } from "./graphemes.js";
import { normalizedView } from "./normalized-view.js";

/** `[rawStart, rawEnd)` of a match at `[start, end)` of the view. */
function rawOf(view: NonNullable<ReturnType<typeof normalizedView>>, start: number, end: number) {
  return [view.rawStart[start], view.rawEnd[end]];
}

describe("normalizedView", () => {
  it("is undefined for text in NFC already", () => {
    for (const text of ["", "plain ascii", "café", "山田 👋🏽 👩‍💻 🇫🇷", "Привет", "\u0301 alone"]) {
      expect(normalizedView(text, 0, text.length)).toBeUndefined();
    }
  });

  it("gives the NFC form, mapping each composed character back to what it came from", () => {
    const text = "cafe\u0301 ok";
    const view = normalizedView(text, 0, text.length);
    expect(view?.text).toBe("café ok");
    if (!view) return;
    expect(rawOf(view, 0, 3)).toEqual([0, 3]);
    expect(rawOf(view, 3, 4)).toEqual([3, 5]);
    expect(rawOf(view, 2, 5)).toEqual([2, 6]);
    expect(rawOf(view, 4, 7)).toEqual([5, 8]);
  });

  it("maps Hangul jamo to the syllable they make", () => {
    const text = "x\u1100\u1161\u11a8y";
    const view = normalizedView(text, 0, text.length);
    expect(view?.text).toBe("x각y");
    if (view) expect(rawOf(view, 1, 2)).toEqual([1, 4]);
  });

  it("maps a text that decomposes under NFC", () => {
    const text = "q\u0344y\u212b";
    const view = normalizedView(text, 0, text.length);
    expect(view?.text).toBe("q\u0308\u0301y\u00c5");
    if (!view) return;
    expect(rawOf(view, 1, 2)).toEqual([1, 2]);
    expect(rawOf(view, 1, 3)).toEqual([1, 2]);
    expect(rawOf(view, 3, 4)).toEqual([2, 3]);
    expect(rawOf(view, 4, 5)).toEqual([3, 4]);
  });

  it("takes its stretch as a text of its own, offsets being those of the whole text", () => {
    const text = "[e\u0301]";
    const view = normalizedView(text, 1, 3);
    expect(view?.text).toBe("é");
    if (view) expect(rawOf(view, 0, 1)).toEqual([1, 3]);
  });

  it("maps one to one far from a change, in a long text of any script", () => {
    for (const word of ["word ", "слово ", "単語", "🙂👍🏽", "\u0915\u093f\u0924\u093e\u092c "]) {
      const text = `${word.repeat(200)}e\u0301${word.repeat(200)}`;
      const view = normalizedView(text, 0, text.length);
      expect(view?.text).toBe(text.normalize("NFC"));
      if (!view) continue;
      const changed = word.length * 200;
      expect(rawOf(view, 0, 10)).toEqual([0, 10]);
      expect(rawOf(view, changed, changed + 1)).toEqual([changed, changed + 2]);
      expect(rawOf(view, changed + 1, changed + 11)).toEqual([changed + 2, changed + 12]);
    }
  });

  it("is the NFC form of the stretch, mapped in order and consistently where a plain character starts", () => {
    const units = [
      "a",
      "e",
      " ",
      "\u0301",
      "\u0316",
      "\u0302",
      "\u0323",
      "é",
      "\u1ea1",
      "\u1100",
      "\u1161",
      "\u11a8",
      "가",
      "\u212b",
      "A",
      "\u030a",
      "\u0344",
      "\u0f73",
      "👋",
      "\ud83d",
      "\u0915",
      "\u093c",
      "Й",
      "\u0306",
    ];
    const text = fc
      .array(fc.constantFrom(...units), { maxLength: 30 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(
        text.chain((value) =>
          fc.tuple(
            fc.constant(value),
            fc.nat({ max: value.length }),
            fc.nat({ max: value.length }),
          ),
        ),
        ([value, a, b]) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const piece = value.slice(from, to);
          const view = normalizedView(value, from, to);
          if (!view) {
            expect(piece.normalize("NFC")).toBe(piece);
            return;
          }
          expect(view.text).toBe(piece.normalize("NFC"));
          const { length } = view.text;
          expect(view.rawEnd[0]).toBe(from);
          expect(view.rawStart[length]).toBe(to);
          for (let at = 0; at < length; at++) {
            expect(view.rawStart[at]).toBeLessThanOrEqual(view.rawStart[at + 1] as number);
            expect(view.rawEnd[at]).toBeLessThanOrEqual(view.rawEnd[at + 1] as number);
            expect(view.rawStart[at]).toBeLessThan(view.rawEnd[at + 1] as number);
          }
          // Cut before a plain character, the text normalizes in two parts, and the maps send
          // what is before the cut (after it) to before (after) it.
          for (let cut = from + 1; cut < to; cut++) {
            if (!isPlain(value.charCodeAt(cut))) continue;
            const before = value.slice(from, cut).normalize("NFC").length;
            expect(view.rawEnd[before]).toBeLessThanOrEqual(cut);
            expect(view.rawStart[before]).toBeGreaterThanOrEqual(cut);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
