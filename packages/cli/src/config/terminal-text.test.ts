import { describe, expect, it } from "vitest";
import { oneLine, printable } from "./terminal-text.js";

describe("printable", () => {
  it("escapes terminal control sequences and keeps tabs and line feeds", () => {
    expect(printable("a\u001b[2Jb\u009bc\td\ne")).toBe("a\\u001b[2Jb\\u009bc\td\ne");
  });

  it("escapes the characters that reorder or split a line, and keeps emoji joiners", () => {
    expect(printable("ok \u202ekcolb")).toBe("ok \\u202ekcolb");
    expect(printable("\u2066a\u2069\u200f\u061c\u2028")).toBe(
      "\\u2066a\\u2069\\u200f\\u061c\\u2028",
    );
    expect(printable("👩\u200d💻")).toBe("👩\u200d💻");
  });
});

describe("oneLine", () => {
  it("puts the text on one line", () => {
    expect(oneLine("  first\n\tsecond\u001b ")).toBe("first second\\u001b");
  });
});
