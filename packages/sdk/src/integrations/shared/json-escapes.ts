// Spans hidden behind the escape sequences of JSON text (`\u0040` for `@`...), found and hidden.
import { applyRedactions, type Redaction, type SpanMatcher } from "./redaction.js";

/**
 * A stretch of JSON text with its escape sequences decoded, and the way back to the text's
 * offsets: unit `i` of `text` comes from `[starts[i], ends[i])` of the original.
 */
export interface DecodedJson {
  /** The stretch with `\n`, `\"`, `\u0040`... replaced by the characters they stand for. */
  text: string;
  /** For each unit of `text`, where the original characters it comes from start. */
  starts: Int32Array;
  /** For each unit of `text`, where the original characters it comes from end. */
  ends: Int32Array;
}

/** The characters the one-letter escapes of JSON stand for. */
const shortEscapes: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const hex4 = /^[0-9A-Fa-f]{4}$/;

/**
 * The escape sequence at `backslash` (before `to`): the unit it stands for and where it ends; a
 * backslash that starts no valid escape stands for itself.
 */
function decodeEscape(text: string, backslash: number, to: number): { unit: string; end: number } {
  const next = backslash + 1 < to ? (text[backslash + 1] as string) : "";
  if (Object.hasOwn(shortEscapes, next)) {
    return { unit: shortEscapes[next] as string, end: backslash + 2 };
  }
  const code = text.slice(backslash + 2, backslash + 6);
  if (next === "u" && backslash + 6 <= to && hex4.test(code)) {
    return { unit: String.fromCharCode(Number.parseInt(code, 16)), end: backslash + 6 };
  }
  return { unit: "\\", end: backslash + 1 };
}

/**
 * `text[from, to)` with its JSON escape sequences decoded, leniently: anywhere in the stretch, not
 * only inside strings, and a backslash that starts no valid escape is kept as it is. So the
 * decoded text holds, in the same order, every string a JSON parser would read from the stretch
 * (keys included). `undefined` when the stretch holds no backslash (nothing to decode). Linear.
 */
export function decodeJsonEscapes(
  text: string,
  from = 0,
  to = text.length,
): DecodedJson | undefined {
  let backslash = text.indexOf("\\", from);
  if (backslash < 0 || backslash >= to) return undefined;
  // The decoded text is never longer than the original.
  const starts = new Int32Array(to - from);
  const ends = new Int32Array(to - from);
  const parts: string[] = [];
  let length = 0;
  const copy = (start: number, end: number) => {
    parts.push(text.slice(start, end));
    for (let at = start; at < end; at++, length++) {
      starts[length] = at;
      ends[length] = at + 1;
    }
  };
  let at = from;
  while (backslash >= 0 && backslash < to) {
    copy(at, backslash);
    const decoded = decodeEscape(text, backslash, to);
    parts.push(decoded.unit);
    starts[length] = backslash;
    ends[length] = decoded.end;
    length++;
    at = decoded.end;
    backslash = text.indexOf("\\", at);
  }
  copy(at, to);
  return {
    text: parts.join(""),
    starts: starts.subarray(0, length),
    ends: ends.subarray(0, length),
  };
}

/**
 * The stretches of `text[from, to)` (JSON text) to hide for spans that only show once its escape
 * sequences are decoded (see {@link decodeJsonEscapes}): the occurrences `matcher` finds in the
 * decoded stretch whose original characters hold an escape sequence, in original offsets, in
 * order. An occurrence without an escape is the same text as sent, which searching the text itself
 * finds. Empty when the stretch holds no backslash.
 */
export function escapedStretches(
  text: string,
  matcher: SpanMatcher,
  from = 0,
  to = text.length,
): Redaction[] {
  const decoded = decodeJsonEscapes(text, from, to);
  if (!decoded) return [];
  const { starts, ends } = decoded;
  const stretches: Redaction[] = [];
  for (const { start, end, category } of matcher.find(decoded.text)) {
    const rawStart = starts[start] as number;
    const rawEnd = ends[end - 1] as number;
    if (rawEnd - rawStart !== end - start)
      stretches.push({ start: rawStart, end: rawEnd, category });
  }
  return stretches;
}

/**
 * `text` (JSON text) with every occurrence of a span that only shows once its escape sequences are
 * decoded (such as `ceo\u0040acme.com` for `ceo@acme.com`, or a span holding a line break or a
 * quote, which JSON escapes) replaced by its placeholder, escape sequences and all. Placeholders
 * hold no character JSON escapes, so a string stays a string. Occurrences as sent are left to the
 * caller (they are hidden by searching the text itself).
 */
export function hideEscapedSpans(text: string, matcher: SpanMatcher): string {
  const stretches = escapedStretches(text, matcher);
  return stretches.length === 0 ? text : applyRedactions(text, stretches).text;
}
