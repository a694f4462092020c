import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SpanAutomaton } from "./span-automaton.js";

/** Every report of a scan, as `[start, end, pattern]`. */
function matches(automaton: SpanAutomaton, text: string, from = 0, to = text.length) {
  const found: number[][] = [];
  automaton.scan(text, from, to, (start, end, pattern) => found.push([start, end, pattern]));
  return found;
}

describe("SpanAutomaton", () => {
  it("reports the longest pattern ending at each position", () => {
    const automaton = new SpanAutomaton(["he", "she", "his", "hers"]);
    expect(matches(automaton, "ushers")).toEqual([
      [1, 4, 1],
      [2, 6, 3],
    ]);
  });

  it("matches overlapping occurrences of one pattern", () => {
    expect(matches(new SpanAutomaton(["aa"]), "aaaa")).toEqual([
      [0, 2, 0],
      [1, 3, 0],
      [2, 4, 0],
    ]);
  });

  it("matches plain text: no pattern syntax", () => {
    const automaton = new SpanAutomaton([".*", "a+", "(x)"]);
    expect(matches(automaton, "abc")).toEqual([]);
    expect(matches(automaton, "a.*(x)a+")).toEqual([
      [1, 3, 0],
      [3, 6, 2],
      [6, 8, 1],
    ]);
  });

  it("names a text given twice by its first index", () => {
    const automaton = new SpanAutomaton(["b", "x", "x", "a"]);
    expect(matches(automaton, "x")).toEqual([[0, 1, 1]]);
    expect(automaton.occurred(1)).toBe(true);
    expect(automaton.occurred(2)).toBe(true);
    expect(automaton.occurred(0)).toBe(false);
  });

  it("ignores empty patterns and values that are not strings", () => {
    const automaton = new SpanAutomaton(["", 42 as unknown as string, "b"]);
    expect(matches(automaton, "abc")).toEqual([[1, 2, 2]]);
    expect([0, 1, 2].map((index) => automaton.occurred(index))).toEqual([false, false, true]);
    expect(matches(new SpanAutomaton([]), "abc")).toEqual([]);
  });

  it("scans only the stretch asked for", () => {
    const automaton = new SpanAutomaton(["ab"]);
    expect(matches(automaton, "abab", 1, 4)).toEqual([[2, 4, 0]]);
    expect(matches(automaton, "abab", 0, 1)).toEqual([]);
  });

  it("tells which patterns occurred, shorter ones inside longer ones included", () => {
    const automaton = new SpanAutomaton(["ceo@acme.com", "acme", "ceo", "com", "zzz"]);
    automaton.scan("mail ceo@acme.com", 0, 17, () => {});
    expect([0, 1, 2, 3, 4].map((index) => automaton.occurred(index))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it("matches by UTF-16 code unit, surrogate halves and code units above the ASCII table included", () => {
    const automaton = new SpanAutomaton(["\ud83d", "é", "山田"]);
    expect(matches(automaton, "👋é 山田")).toEqual([
      [0, 1, 0],
      [2, 3, 1],
      [4, 6, 2],
    ]);
  });

  it("follows a number of transitions linear in the text, however many matches overlap", () => {
    const text = "a".repeat(200_000);
    const automaton = new SpanAutomaton(["a".repeat(1000), `${"a".repeat(999)}b`]);
    let reports = 0;
    automaton.scan(text, 0, text.length, () => reports++);
    expect(reports).toBe(text.length - 999);
    expect(automaton.steps).toBeLessThanOrEqual(2 * text.length);
  });

  it("follows a number of transitions linear in the text with many patterns sharing prefixes", () => {
    const patterns = Array.from({ length: 2000 }, (_, index) => `${"ab".repeat(50)}${index}`);
    const text = `${"ab".repeat(20_000)}7${"ab".repeat(20_000)}`;
    const automaton = new SpanAutomaton(patterns);
    automaton.scan(text, 0, text.length, () => {});
    expect(automaton.steps).toBeLessThanOrEqual(2 * text.length);
  });

  it("reports what a naive search finds: the longest pattern ending at each position, and which occurred", () => {
    // Units enough for nodes with many children (direct tables) and beyond ASCII (searched).
    const units = [..."abcdefgh", "é", "€", "\ud83d", "\ude00", "\u0301"];
    const word = (maxLength: number) =>
      fc
        .array(fc.constantFrom(...units), { minLength: 1, maxLength })
        .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.array(word(4), { maxLength: 40 }), word(60), (patterns, text) => {
        const automaton = new SpanAutomaton(patterns);
        const expected: number[][] = [];
        for (let end = 1; end <= text.length; end++) {
          let best = -1;
          patterns.forEach((pattern, index) => {
            if (!text.slice(0, end).endsWith(pattern)) return;
            if (best < 0 || pattern.length > (patterns[best] as string).length) best = index;
          });
          if (best >= 0) expected.push([end - (patterns[best] as string).length, end, best]);
        }
        expect(matches(automaton, text)).toEqual(expected);
        patterns.forEach((pattern, index) => {
          expect(automaton.occurred(index)).toBe(text.includes(pattern));
        });
      }),
      { numRuns: 500 },
    );
  });
});
