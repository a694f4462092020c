// Properties of the check on a server's redacted text: any text with stretches replaced by
// placeholders passes, and the check agrees with a plain (slow) pattern for any pair of texts, so
// a server can hide text but never add, change or move any.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPlaceholderRedaction } from "./server-messages.js";

const units = ["a", "b", "ab", " ", "[", "]", ":", "REDACTED", "[REDACTED]", "[REDACTED:x]", "é"];
const text = fc.array(fc.constantFrom(...units), { maxLength: 10 }).map((parts) => parts.join(""));
const placeholder = fc.constantFrom("[REDACTED]", "[REDACTED:email]", "[REDACTED:a.b-c_1]");

/** `sent` with the stretches between the given cut points replaced by placeholders. */
function replaceStretches(sent: string, cuts: number[], names: string[]): string {
  const points = [...new Set(cuts.map((cut) => cut % (sent.length + 1)))].sort((a, b) => a - b);
  let result = "";
  let from = 0;
  for (let index = 0; index + 1 < points.length; index += 2) {
    const start = points[index] as number;
    result += sent.slice(from, start) + (names[index % names.length] as string);
    from = points[index + 1] as number;
  }
  return result + sent.slice(from);
}

/** The same check as a pattern: the pieces between placeholders, in order, anything between. */
function oracle(redacted: string, sent: string): boolean {
  const pieces = redacted.split(/\[REDACTED(?::[A-Za-z0-9_.-]{1,64})?\]/);
  const quote = (piece: string) => piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${pieces.map(quote).join("[\\s\\S]*?")}$`).test(sent);
}

describe("isPlaceholderRedaction properties", () => {
  it("accepts any text with any stretches replaced by placeholders", () => {
    fc.assert(
      fc.property(
        text,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(placeholder, { minLength: 1, maxLength: 3 }),
        (sent, cuts, names) => {
          expect(isPlaceholderRedaction(replaceStretches(sent, cuts, names), sent)).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("agrees with a pattern for any pair of texts", () => {
    fc.assert(
      fc.property(text, text, (redacted, sent) => {
        expect(isPlaceholderRedaction(redacted, sent)).toBe(oracle(redacted, sent));
      }),
      { numRuns: 5_000 },
    );
  });

  it("rejects any text that adds characters the sent text does not hold", () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom("!", "Z", "\n"), (sent, before, added) => {
        fc.pre(!sent.includes(added));
        expect(isPlaceholderRedaction(`${before}${added}[REDACTED]`, sent)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });
});
