// Text from a dataset, a conversation or a server, made safe to print: no terminal control
// sequences (which could rewrite what the terminal shows), and on one line where one is wanted.

// C0 controls except tab and line feed, DEL, C1 controls (ESC and CSI start sequences), and the
// bidirectional marks, embeddings, overrides and isolates and the line and paragraph separators
// (which could reorder or split what the terminal shows). Zero-width joiners are kept for emoji.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** The text with control characters shown as `\uXXXX` escapes (tabs and line feeds kept). */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The text made printable and put on one line (line breaks and tabs become spaces). */
export function oneLine(text: string): string {
  return printable(text)
    .replace(/[\t\n]+/g, " ")
    .trim();
}
