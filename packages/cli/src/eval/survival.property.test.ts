import type { Message } from "@anthale/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeForSearch, survivingStrings } from "./survival.js";

/** Text over an alphabet that holds none of the letters the secrets are written with. */
const filler = fc.string({ unit: fc.constantFrom("a", "b", " ", ".", "\n", "é") });
/** Secrets over another alphabet, so they occur in a text only where they were put. */
const secret = fc.string({ unit: fc.constantFrom("x", "y", "z", "7", "@"), minLength: 1 });

describe("survivingStrings (properties)", () => {
  it("finds a string however the text around it is cut into blocks", () => {
    fc.assert(
      fc.property(filler, secret, filler, fc.array(fc.nat(), { maxLength: 6 }), (a, s, b, cuts) => {
        const text = `${a}${s}${b}`;
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const bounds = [0, ...points, text.length];
        const blocks = bounds.slice(1).map((end, i) => ({
          type: "text" as const,
          text: text.slice(bounds[i], end),
        }));
        const messages: Message[] = [{ role: "user", content: blocks }];
        expect(survivingStrings([s], messages)).toEqual([s]);
      }),
    );
  });

  it("finds no string that is not in the text", () => {
    fc.assert(
      fc.property(fc.array(filler, { minLength: 1, maxLength: 4 }), secret, (texts, s) => {
        const messages: Message[] = texts.map((content) => ({ role: "user", content }));
        expect(survivingStrings([s], messages)).toEqual([]);
      }),
    );
  });

  it("finds a string in any Unicode normalization form of the text", () => {
    const forms = ["NFC", "NFD", "NFKC", "NFKD"] as const;
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.constantFrom(...forms),
        fc.constantFrom(...forms),
        (s, textForm, needleForm) => {
          const messages: Message[] = [{ role: "user", content: `\n${s.normalize(textForm)}\n` }];
          const needle = s.normalize(needleForm);
          // A string that normalizes to nothing is found anywhere; others must be found too.
          expect(survivingStrings([needle], messages)).toEqual([needle]);
        },
      ),
    );
  });

  it("normalizes idempotently", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normalizeForSearch(s);
        expect(normalizeForSearch(once)).toBe(once);
      }),
    );
  });
});
