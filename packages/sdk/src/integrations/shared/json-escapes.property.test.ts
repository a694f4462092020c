// Properties of hiding spans in JSON text: whatever the value, whichever characters are written as
// escape sequences, once the text is redacted as it is and with its escapes decoded, no string of
// the parsed value (keys included) holds a flagged span outside the placeholders.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SpanMatcher } from "../../redaction/redact-text.js";
import { hideEscapedSpans } from "./json-escapes.js";

const units = ["a", "b", "@", ".", " ", '"', "\\", "\n", "\t", "é", "e\u0301", "👋", "/", "u"];
const string = fc.array(fc.constantFrom(...units), { maxLength: 6 }).map((parts) => parts.join(""));
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    string,
    fc.array(tie("node"), { maxLength: 3 }),
    fc.dictionary(string, tie("node"), { maxKeys: 3 }),
  ),
})).node;

/** JSON text for `item`, writing each character of its strings as `\uXXXX` when `escape` says. */
function serialize(item: unknown, escapes: () => boolean): string {
  if (typeof item === "string") {
    let text = '"';
    for (const unit of item) {
      for (const code of unit.split("")) {
        const hex = `\\u${code.charCodeAt(0).toString(16).padStart(4, "0")}`;
        text += escapes() ? hex : JSON.stringify(code).slice(1, -1);
      }
    }
    return `${text}"`;
  }
  if (Array.isArray(item)) return `[${item.map((entry) => serialize(entry, escapes)).join(",")}]`;
  const entries = Object.entries(item as Record<string, unknown>);
  return `{${entries.map(([key, entry]) => `${serialize(key, escapes)}:${serialize(entry, escapes)}`).join(",")}}`;
}

/** Every string of a parsed value, keys included. */
function stringsOf(item: unknown): string[] {
  if (typeof item === "string") return [item];
  if (Array.isArray(item)) return item.flatMap(stringsOf);
  if (item && typeof item === "object") {
    return Object.entries(item).flatMap(([key, entry]) => [key, ...stringsOf(entry)]);
  }
  return [];
}

const placeholder = /\[REDACTED(?::[A-Za-z0-9_.-]+)?\]/;

describe("hideEscapedSpans properties", () => {
  it("leaves no span in any string of the parsed value, outside the placeholders", () => {
    fc.assert(
      fc.property(
        value,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        fc.array(
          string.filter((span) => span.length > 0 && !span.includes('"')),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        (item, pattern, spans) => {
          let next = 0;
          const text = serialize(item, () => pattern[next++ % pattern.length] as boolean);
          expect(JSON.parse(text)).toEqual(item);
          const matcher = new SpanMatcher(spans.map((span) => ({ span, category: "x" })));
          const redacted = hideEscapedSpans(matcher.redact(text).text, matcher);
          let parsed: unknown;
          try {
            parsed = JSON.parse(redacted);
          } catch {
            return; // A span covered part of the syntax: callers fall back (see parseRedactedJson).
          }
          for (const piece of stringsOf(parsed).flatMap((entry) => entry.split(placeholder))) {
            for (const span of spans) {
              expect(
                piece.includes(span) || piece.normalize("NFC").includes(span.normalize("NFC")),
              ).toBe(false);
            }
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
