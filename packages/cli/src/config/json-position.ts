// JSON parsing whose error says where the text stops being JSON, as a line and column, so an
// error about a file can point at the place to fix.

/** Parses JSON, or throws an Error whose message says where and why the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(describeJsonError(text, error));
  }
}

function describeJsonError(text: string, error: unknown): string {
  if (text.trim() === "") return "is empty, not JSON";
  const message = error instanceof Error ? error.message : String(error);
  // V8 quotes part of the input after `, "`: keep only the sentence before it.
  const reason = message
    .replace(/, ".*$/s, "")
    .replace(/ (in|after) JSON at position \d+.*$/s, (_, word: string) =>
      word === "after" ? " after JSON" : "",
    );
  const { line, column } = lineAndColumn(text, firstErrorOffset(text));
  return `is not valid JSON at line ${line}, column ${column} (${reason})`;
}

/** The 1-based line and column of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/**
 * The offset of the first character where `text` stops being JSON (its length when the text ends
 * too early). Only called on text `JSON.parse` refused, to say where.
 */
export function firstErrorOffset(text: string): number {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (at < text.length && " \t\r\n".includes(text[at] as string)) at++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[at] !== char) fail();
      at++;
    }
  };
  const string = () => {
    at++;
    while (at < text.length && text[at] !== '"') {
      const code = text.charCodeAt(at);
      if (code < 0x20) fail();
      if (text[at] === "\\") {
        at++;
        if (text[at] === "u") {
          for (let index = 0; index < 4; index++) {
            at++;
            if (!/[0-9a-fA-F]/.test(text[at] ?? "")) fail();
          }
        } else if (!'"\\/bfnrt'.includes(text[at] ?? "x")) fail();
      }
      at++;
    }
    if (text[at] !== '"') fail();
    at++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!match) fail();
    at += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === "{") {
      at++;
      space();
      if (text[at] === "}") {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail();
        string();
        space();
        if (text[at] !== ":") fail();
        at++;
        value();
        space();
        if (text[at] === ",") at++;
        else if (text[at] === "}") {
          at++;
          return;
        } else fail();
      }
    }
    if (char === "[") {
      at++;
      space();
      if (text[at] === "]") {
        at++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[at] === ",") at++;
        else if (text[at] === "]") {
          at++;
          return;
        } else fail();
      }
    }
    if (char === '"') string();
    else if (char === "t") literal("true");
    else if (char === "f") literal("false");
    else if (char === "n") literal("null");
    else number();
  };
  try {
    value();
    space();
    return Math.min(at, text.length);
  } catch (offset) {
    return Math.min(offset as number, text.length);
  }
}
