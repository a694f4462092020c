import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstErrorOffset, lineAndColumn, parseJson } from "./json-position.js";

describe("parseJson", () => {
  it("says on which line and column the text stops being JSON", () => {
    expect(() => parseJson('{\n  "a": 1,\n  "b" 2\n}')).toThrow(/at line 3, column 7/);
    expect(() => parseJson("[1, 2")).toThrow(/at line 1, column 6/);
    expect(() => parseJson('{"a": tru}')).toThrow(/at line 1, column 10/);
    expect(() => parseJson('{"a": 1} x')).toThrow(/at line 1, column 10/);
  });

  it("finds the first bad character of any JSON text with one character replaced", () => {
    fc.assert(
      fc.property(
        fc.json(),
        fc.nat(),
        fc.constantFrom("}", "]", ",", ":", "x", '"'),
        (text, at, bad) => {
          const position = at % (text.length + 1);
          const broken = text.slice(0, position) + bad + text.slice(position);
          let valid = true;
          try {
            JSON.parse(broken);
          } catch {
            valid = false;
          }
          if (valid) return;
          // The error is at the inserted character or after it, or at the start of the number it
          // cut short ("-}" points at the "-"); never earlier.
          const numberStart =
            position - (/[-+.\deE]*$/.exec(text.slice(0, position))?.[0].length ?? 0);
          expect(firstErrorOffset(broken)).toBeGreaterThanOrEqual(numberStart);
          expect(firstErrorOffset(broken)).toBeLessThanOrEqual(broken.length);
        },
      ),
    );
  });

  it("counts lines and columns from 1", () => {
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});
