import { describe, expect, it } from "vitest";
import { parseDataset } from "./load-dataset.js";
import { readJsonl } from "./read-jsonl.js";

describe("readJsonl", () => {
  it("reads cases with their line numbers, skipping blank lines", () => {
    const text = [
      '{"id":"a","text":"hello","expect":{"action":"allow"}}',
      "",
      '{"id":"b","messages":[{"role":"user","content":"hi"}],"direction":"output","metadata":{"k":1},"expect":{"action":["block","redact"],"guardrails":{"pi":true},"redacted":["x@y.z"]}}',
    ].join("\n");
    const { cases, invalid } = readJsonl(text);
    expect(invalid).toEqual([]);
    expect(cases).toEqual([
      {
        id: "a",
        line: 1,
        direction: "input",
        messages: [{ role: "user", content: "hello" }],
        expect: { action: ["allow"] },
      },
      {
        id: "b",
        line: 3,
        direction: "output",
        messages: [{ role: "user", content: "hi" }],
        metadata: { k: 1 },
        expect: { action: ["block", "redact"], guardrails: { pi: true }, redacted: ["x@y.z"] },
      },
    ]);
  });

  it("reports every invalid line with its number and what is wrong", () => {
    const text = [
      '{"id":"ok","text":"fine"}',
      '{"id":"bad json",',
      '{"id":"typo","text":"x","expect":{"acton":"block"}}',
      '{"id":"role","messages":[{"content":"no role"}]}',
      '{"id":"act","text":"x","expect":{"action":"blok"}}',
      '{"id":"both","text":"x","messages":[{"role":"user","content":"y"}]}',
      '{"id":"key","text":"x","extra":1}',
      '{"id":"g","text":"x","expect":{"guardrails":{"pi":"yes"}}}',
      "[1,2]",
    ].join("\n");
    const { cases, invalid } = readJsonl(text);
    expect(cases.map((c) => c.id)).toEqual(["ok"]);
    expect(invalid.map((problem) => problem.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(invalid[0]?.problem).toMatch(/not valid JSON/);
    expect(invalid[1]?.problem).toContain('"expect.acton"');
    expect(invalid[2]?.problem).toContain('messages[0] has no "role"');
    expect(invalid[3]?.problem).toContain('"blok"');
    expect(invalid[4]?.problem).toContain("not both");
    expect(invalid[5]?.problem).toContain('unknown key "extra"');
    expect(invalid[6]?.problem).toContain('expect.guardrails["pi"]');
    expect(invalid[7]?.problem).toContain("JSON object");
  });

  it("gives a case without an id the id line-<n>, and accepts whole-number ids", () => {
    const { cases } = readJsonl('{"text":"a"}\n{"id":7,"text":"b"}\r\n');
    expect(cases.map((c) => c.id)).toEqual(["line-1", "7"]);
  });

  it("keeps a guardrail named __proto__ as a key like any other", () => {
    const { cases } = readJsonl(
      '{"text":"x","expect":{"guardrails":{"__proto__":true,"pi":false}}}',
    );
    const guardrails = cases[0]?.expect.guardrails ?? {};
    expect(Object.keys(guardrails)).toEqual(["__proto__", "pi"]);
    expect(Object.getPrototypeOf(guardrails)).toBe(Object.prototype);
  });

  it("refuses duplicate ids, naming the line of the first", () => {
    const { cases, invalid } = parseDataset(
      '{"id":"a","text":"x"}\n{"id":"a","text":"y"}\n',
      "d.jsonl",
    );
    expect(cases).toHaveLength(1);
    expect(invalid).toEqual([{ line: 2, problem: 'duplicate id "a" (first used on line 1).' }]);
  });
});
