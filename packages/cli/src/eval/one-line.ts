// Turns text from a dataset or a server into something safe to put in a one-line message: quoted,
// control characters escaped, and cut to a bounded length.

/** The most characters of a quoted text kept in a message (the rest becomes `…`). */
const MAX_QUOTED_LENGTH = 80;

/**
 * The text as a JSON string literal, cut to {@link MAX_QUOTED_LENGTH} characters first: line
 * breaks, every other control character and the invisible format characters (bidirectional
 * overrides, zero-width characters) are escaped, so the result is always one line that reads as
 * what it holds.
 */
export function quote(text: string, maxLength = MAX_QUOTED_LENGTH): string {
  const chars = Array.from(text);
  const cut = chars.length > maxLength ? `${chars.slice(0, maxLength).join("")}…` : text;
  return JSON.stringify(cut).replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * The text on one line, with no quotes: every run of control characters, invisible format
 * characters and line separators becomes one space, and the result is cut to `maxLength` characters.
 */
export function oneLine(text: string, maxLength: number): string {
  const flat = text
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();
  const chars = Array.from(flat);
  return chars.length > maxLength ? `${chars.slice(0, maxLength).join("")}…` : flat;
}
