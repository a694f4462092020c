import { describe, expect, it } from "vitest";
import { loadConversation, parseConversation } from "./conversation.js";

describe("parseConversation", () => {
  it("accepts {messages, metadata} and a bare array", () => {
    expect(
      parseConversation(
        '{"messages":[{"role":"user","content":"hi"}],"metadata":{"a":1}}',
        "c.json",
      ),
    ).toEqual({
      messages: [{ role: "user", content: "hi" }],
      metadata: { a: 1 },
    });
    expect(
      parseConversation('[{"role":"assistant","content":[{"type":"text","text":"x"}]}]', "c.json"),
    ).toEqual({ messages: [{ role: "assistant", content: [{ type: "text", text: "x" }] }] });
  });

  it("names the source and the place that is wrong", () => {
    const cases: [string, string][] = [
      ["", "c.json is empty, not JSON"],
      ['{"messages": [}', "c.json is not valid JSON at line 1, column 15"],
      ['{"messages": []}', "c.json: messages is empty"],
      ['{"messages": [{"role":"user"}]}', 'c.json: messages[0] has no "content"'],
      ['{"messages": [{"role":"robot","content":"x"}]}', "c.json: messages[0].role must be one of"],
      [
        '{"messages": [{"role":"user","content":[{"type":"text"}]}]}',
        "c.json: messages[0].content[0].text must be a string",
      ],
      ['{"mesages": []}', 'c.json: unknown key "mesages"'],
      [
        '{"messages": [{"role":"user","content":"x"}], "metadata": []}',
        "c.json: metadata must be an object",
      ],
      ["42", "c.json: expected"],
    ];
    for (const [text, message] of cases) {
      expect(() => parseConversation(text, "c.json"), text).toThrow(message);
    }
  });
});

describe("loadConversation", () => {
  it("makes a text one user message, and refuses an empty one", async () => {
    expect(await loadConversation({ kind: "text", text: "hello" })).toEqual({
      messages: [{ role: "user", content: "hello" }],
    });
    await expect(loadConversation({ kind: "text", text: "  " })).rejects.toThrow(/empty/);
  });

  it("reads stdin and names it in errors", async () => {
    await expect(loadConversation({ kind: "stdin" }, async () => "[1]")).rejects.toThrow(
      /^stdin: messages\[0\] must be an object/,
    );
  });

  it("says when the file is missing", async () => {
    await expect(loadConversation({ kind: "file", path: "/nonexistent/c.json" })).rejects.toThrow(
      "Cannot read /nonexistent/c.json (no such file)",
    );
  });
});
