import { describe, expect, it } from "vitest";
import { SpanMatcher } from "../../redaction/redact-text.js";
import { decodeJsonEscapes, escapedStretches, hideEscapedSpans } from "./json-escapes.js";

describe("decodeJsonEscapes", () => {
  it("decodes every escape JSON has, and maps each character back to where it came from", () => {
    const text = '{"a":"x\\u0040y\\n\\"\\\\\\/\\t"}';
    const decoded = decodeJsonEscapes(text);
    expect(decoded?.text).toBe('{"a":"x@y\n"\\/\t"}');
    const at = (index: number) => [decoded?.starts[index], decoded?.ends[index]];
    expect(at(6)).toEqual([6, 7]); // x
    expect(at(7)).toEqual([7, 13]); // \u0040
    expect(at(9)).toEqual([14, 16]); // \n
    expect(at(11)).toEqual([18, 20]); // \\
  });

  it("keeps a backslash that starts no escape, and decodes nothing without one", () => {
    expect(decodeJsonEscapes('"\\x \\u12G4 end\\')?.text).toBe('"\\x \\u12G4 end\\');
    expect(decodeJsonEscapes('{"a":"plain"}')).toBeUndefined();
  });

  it("decodes a stretch as a text of its own", () => {
    const text = "ab\\u0040cd\\n";
    expect(decodeJsonEscapes(text, 2, 8)?.text).toBe("@");
    expect(decodeJsonEscapes(text, 2, 8)?.starts[0]).toBe(2);
    expect(decodeJsonEscapes(text, 3, 12)?.text).toBe("u0040cd\n");
  });
});

describe("escapedStretches and hideEscapedSpans", () => {
  const matcher = new SpanMatcher([
    { span: "ceo@acme.com", category: "email" },
    { span: "line\nbreak", category: "secret" },
  ]);

  it("finds the occurrences that need an escape decoded, in offsets of the JSON text", () => {
    const text = '{"to":"ceo\\u0040acme.com","cc":"ceo@acme.com","n":"line\\nbreak"}';
    expect(escapedStretches(text, matcher)).toEqual([
      { start: 7, end: 24, category: "email" },
      { start: 51, end: 62, category: "secret" },
    ]);
    expect(hideEscapedSpans(text, matcher)).toBe(
      '{"to":"[REDACTED:email]","cc":"ceo@acme.com","n":"[REDACTED:secret]"}',
    );
  });

  it("leaves JSON without escaped occurrences as it is", () => {
    const text = '{"to":"ceo@acme.com"}';
    expect(escapedStretches(text, matcher)).toEqual([]);
    expect(hideEscapedSpans(text, matcher)).toBe(text);
  });
});
