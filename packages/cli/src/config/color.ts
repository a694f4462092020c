// Colours for a terminal: whether to colour a stream (a TTY, and NO_COLOR not set), and the one
// styler every command and report uses, through node's `util.styleText`.
import * as util from "node:util";

/** Whether to colour what is written to `stream`. */
export function useColor(
  stream: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

/** A style `util.styleText` knows (`"red"`, `"bold"`, ...). */
export type Style = Parameters<typeof util.styleText>[0];

/** Applies styles, or returns the text as is: see {@link stylerFor}. */
export type Styler = (style: Style, text: string) => string;

/**
 * A styler that colours when `color` is true and leaves text alone otherwise. Whether to colour
 * is the caller's decision ({@link useColor}): the stream is not looked at here, so the same
 * content always renders the same text. On a Node.js without `util.styleText` (before 20.12),
 * text is left alone.
 */
export function stylerFor(color: boolean): Styler {
  // Read at call time, not imported by name: a missing export must not stop the command loading.
  const styleText = (util as Partial<typeof util>).styleText;
  if (!color || typeof styleText !== "function") return (_style, text) => text;
  // Newer Node versions would drop the colours when standard output is not a TTY.
  const options = { validateStream: false } as unknown as undefined;
  return (style, text) => (text === "" ? text : styleText(style, text, options));
}
