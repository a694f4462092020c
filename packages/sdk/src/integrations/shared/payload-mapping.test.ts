import { describe, expect, it } from "vitest";
import type { EnforceResult } from "../../core/types.js";
import { PayloadMapping, readAt, writeAt } from "./payload-mapping.js";

const redactResult = (
  threads: { span: string; messageIdentifier: number; contentIdentifier: number }[],
): EnforceResult => ({
  enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f",
  action: "redact",
  evaluations: [
    {
      guardrailKey: "data-leakage-prevention",
      action: "redact",
      score: 0.9,
      threads: threads.map((thread) => ({ ...thread, category: "email", score: 0.9 })),
    },
  ],
});

describe("writeAt", () => {
  it("copies only the objects on the path and keeps prototypes", () => {
    class Box {
      constructor(public items: { text: string }[]) {}
      get first() {
        return this.items[0]?.text;
      }
    }
    const root = { box: new Box([{ text: "a" }, { text: "b" }]), other: { x: 1 } };
    const next = writeAt(root, ["box", "items", 0, "text"], "z");
    expect(next.box.first).toBe("z");
    expect(next.box).toBeInstanceOf(Box);
    expect(root.box.first).toBe("a");
    expect(next.other).toBe(root.other);
    expect(next.box.items[1]).toBe(root.box.items[1]);
    expect(readAt(next, ["box", "items", 0, "text"])).toBe("z");
  });
});

describe("PayloadMapping", () => {
  const body: {
    system: string;
    messages: { role: string; content?: unknown[]; tool?: { args: unknown } }[];
  } = {
    system: "Be brief.",
    messages: [
      { role: "user", content: [{ text: "Hi" }, { image: "..." }, { text: "I am a@b.co" }] },
      { role: "assistant", tool: { args: { to: "a@b.co", n: 1 } } },
    ],
  };

  const mapping = () =>
    new PayloadMapping(body)
      .add("system", [{ path: ["system"] }])
      .add("user", [
        { path: ["messages", 0, "content", 0, "text"] },
        { path: ["messages", 0, "content", 1, "text"] },
        { path: ["messages", 0, "content", 2, "text"] },
      ])
      .add("assistant", [{ path: ["messages", 1, "tool", "args"], json: true }])
      .add("user", [{ path: ["messages", 5, "content"] }]);

  it("maps pieces to messages, leaving out what is not text", () => {
    expect(mapping().messages).toEqual([
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "Hi" },
          { type: "text", text: "I am a@b.co" },
        ],
      },
      { role: "assistant", content: '{"to":"a@b.co","n":1}' },
    ]);
  });

  it("writes redacted text back to each piece's place, parsing JSON pieces", () => {
    const result = redactResult([
      { span: "a@b.co", messageIdentifier: 1, contentIdentifier: 1 },
      { span: "a@b.co", messageIdentifier: 2, contentIdentifier: 0 },
    ]);
    const next = mapping().apply(result);
    expect(next.messages[0]?.content?.[2]).toEqual({ text: "I am [REDACTED:email]" });
    expect(next.messages[0]?.content?.[0]).toBe(body.messages[0]?.content?.[0]);
    expect(next.messages[1]?.tool?.args).toEqual({ to: "[REDACTED:email]", n: 1 });
    expect(body.messages[0]?.content?.[2]).toEqual({ text: "I am a@b.co" });
    expect(next.system).toBe("Be brief.");
  });

  it("changes nothing unless the action is redact", () => {
    const mapped = mapping();
    expect(mapped.apply({ enforcerIdentifier: "x", action: "detect" })).toBe(body);
    expect(mapped.apply(undefined)).toBe(body);
  });

  it("never writes context messages and reports whether it holds pieces", () => {
    const only = new PayloadMapping({}).context([{ role: "user", content: "a@b.co" }]);
    expect(only.hasPieces).toBe(false);
    const result = redactResult([{ span: "a@b.co", messageIdentifier: 0, contentIdentifier: 0 }]);
    expect(only.changes(result)).toEqual([]);
    expect(only.messagesAfter(result)).toEqual([{ role: "user", content: "[REDACTED:email]" }]);
  });
});
