import type { EnforceResult } from "@anthale/sdk";
import { describe, expect, it } from "vitest";
import type { EvalCase } from "./case-result.js";
import { errorOutcome, judgeCase, readVerdicts } from "./judge.js";

function evalCase(overrides: Partial<EvalCase> = {}): EvalCase {
  return {
    id: "case-1",
    line: 1,
    direction: "input",
    messages: [{ role: "user", content: "My email is jane.doe@example.com" }],
    expect: {},
    ...overrides,
  };
}

/** A result as the SDK resolves it; evaluations are taken as the server may send them. */
function result(
  overrides: Omit<Partial<EnforceResult>, "evaluations"> & { evaluations?: unknown[] } = {},
): EnforceResult {
  return {
    enforcerIdentifier: "e",
    action: "allow",
    evaluations: [],
    ...overrides,
  } as EnforceResult;
}

const injection = (action: string, score = 0.9) => ({
  guardrailKey: "prompt-injection-protection",
  action,
  score,
});

describe("judgeCase", () => {
  it("passes a case with no expectations and copies what the server answered", () => {
    const outcome = judgeCase(
      evalCase(),
      result({ action: "detect", requestId: "req-1", evaluations: [injection("detect")] }),
      12,
    );
    expect(outcome).toMatchObject({
      id: "case-1",
      status: "done",
      action: "detect",
      passed: true,
      failures: [],
      survived: [],
      forwarded: true,
      latencyMs: 12,
      requestId: "req-1",
      guardrails: [
        { key: "prompt-injection-protection", action: "detect", triggered: true, score: 0.9 },
      ],
    });
    expect(outcome.evaluations).toEqual([injection("detect")]);
  });

  it("accepts any of the listed actions and names them all when the action is another", () => {
    const c = evalCase({ expect: { action: ["block", "redact"] } });
    expect(judgeCase(c, result({ action: "redact" }), 1).passed).toBe(true);
    expect(judgeCase(c, result({ action: "block" }), 1).passed).toBe(true);
    const miss = judgeCase(c, result({ action: "allow" }), 1);
    expect(miss.passed).toBe(false);
    expect(miss.failures).toEqual(['action: expected "block" or "redact", got "allow"']);
  });

  it("checks each labelled guardrail both ways, and says when one is missing", () => {
    const c = evalCase({
      expect: {
        guardrails: {
          "prompt-injection-protection": true,
          "content-moderation": false,
          "topic-control": true,
        },
      },
    });
    const outcome = judgeCase(
      c,
      result({
        action: "block",
        evaluations: [
          injection("allow", 0.1),
          { guardrailKey: "content-moderation", action: "block", score: 0.8 },
        ],
      }),
      1,
    );
    expect(outcome.failures).toEqual([
      'guardrail "prompt-injection-protection": should trigger, suggested "allow" (score 0.1)',
      'guardrail "content-moderation": should not trigger, suggested "block" (score 0.8)',
      'guardrail "topic-control": labelled, but not in the evaluations',
    ]);
    expect(outcome.passed).toBe(false);
  });

  it("passes a guardrail labelled to trigger when it suggests any action but allow", () => {
    for (const action of ["detect", "redact", "block", "quarantine"]) {
      const c = evalCase({ expect: { guardrails: { "prompt-injection-protection": true } } });
      expect(judgeCase(c, result({ evaluations: [injection(action)] }), 1).passed).toBe(true);
    }
  });

  describe("strings that must not survive", () => {
    const mustHide = { redacted: ["jane.doe@example.com"] };

    it("survive allow and detect, which forward the messages as sent", () => {
      for (const action of ["allow", "detect"]) {
        const outcome = judgeCase(evalCase({ expect: mustHide }), result({ action }), 1);
        expect(outcome.survived).toEqual(["jane.doe@example.com"]);
        expect(outcome.failures).toEqual([
          `redaction: "jane.doe@example.com" would be forwarded (action "${action}")`,
        ]);
      }
    });

    it("are hidden by a complete redaction that no longer holds them", () => {
      const outcome = judgeCase(
        evalCase({ expect: mustHide }),
        result({
          action: "redact",
          redaction: { complete: true, source: "spans", unmatched: [] },
          redactedMessages: [{ role: "user", content: "My email is [REDACTED:email]" }],
        }),
        1,
      );
      expect(outcome).toMatchObject({ survived: [], passed: true });
    });

    it("survive a complete redaction whose messages still hold them", () => {
      const outcome = judgeCase(
        evalCase({ expect: mustHide }),
        result({
          action: "redact",
          redaction: { complete: true, source: "server", unmatched: [] },
          redactedMessages: [{ role: "user", content: "[REDACTED] jane.doe@example.com" }],
        }),
        1,
      );
      expect(outcome.survived).toEqual(["jane.doe@example.com"]);
      expect(outcome.passed).toBe(false);
    });

    it("do not survive a block, an incomplete redaction or an unknown action: nothing is forwarded", () => {
      const incomplete = result({
        action: "redact",
        redaction: { complete: false, source: "spans", unmatched: [], problem: "unmatched-spans" },
        // Even if something put messages here, an incomplete redaction forwards nothing.
        redactedMessages: [{ role: "user", content: "jane.doe@example.com" }],
      });
      for (const r of [result({ action: "block" }), incomplete, result({ action: "hold" })]) {
        const outcome = judgeCase(evalCase({ expect: mustHide }), r, 1);
        expect(outcome).toMatchObject({ survived: [], forwarded: false });
      }
    });

    it("survive when cut across two blocks of a message", () => {
      const c = evalCase({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "write to jane.doe@" },
              { type: "text", text: "example.com please" },
            ],
          },
        ],
        expect: mustHide,
      });
      expect(judgeCase(c, result(), 1).survived).toEqual(["jane.doe@example.com"]);
    });

    it("survive when a redaction hid one occurrence but not another", () => {
      const outcome = judgeCase(
        evalCase({ expect: mustHide }),
        result({
          action: "redact",
          redaction: { complete: true, source: "server", unmatched: [] },
          redactedMessages: [
            { role: "user", content: "[REDACTED:email]" },
            { role: "user", content: "again: jane.doe@example.com" },
          ],
        }),
        1,
      );
      expect(outcome.survived).toEqual(["jane.doe@example.com"]);
    });

    it("survive when written in another Unicode form, with invisible characters or another case", () => {
      const variants = [
        "Jos\u0065\u0301 Pe\u0301rez", // decomposed accents for "José Pérez"
        "ＪＯＳÉ ＰÉＲＥＺ", // full-width letters, upper case
        "Jo\u200Bsé\u00AD Pérez", // zero-width space and soft hyphen
        "José\n  Pérez", // other white space
      ];
      for (const text of variants) {
        const c = evalCase({
          messages: [{ role: "user", content: `I am ${text}.` }],
          expect: { redacted: ["José Pérez"] },
        });
        expect(judgeCase(c, result(), 1).survived, text).toEqual(["José Pérez"]);
      }
    });

    it("are not found across two messages, nor when only part of them is left", () => {
      const c = evalCase({
        messages: [
          { role: "user", content: "jane.doe@" },
          { role: "user", content: "example.com" },
        ],
        expect: mustHide,
      });
      expect(judgeCase(c, result(), 1).survived).toEqual([]);
    });
  });

  it("writes each failure on one line, escaping what the server or the dataset put in it", () => {
    const c = evalCase({
      expect: { action: ["block"], guardrails: { "line one\nline two\u202E": true } },
    });
    const outcome = judgeCase(c, result({ action: "allow\r\nInjected: yes" }), 1);
    expect(outcome.failures).toHaveLength(2);
    expect(outcome.failures[1]).toBe(
      'guardrail "line one\\nline two\\u202e": labelled, but not in the evaluations',
    );
    for (const failure of outcome.failures) expect(failure).not.toMatch(/[\r\n\u202E]/);
    expect(outcome.failures[0]).toBe('action: expected "block", got "allow\\r\\nInjected: yes"');
  });

  it("cuts a long quoted value short", () => {
    const outcome = judgeCase(
      evalCase({ expect: { action: ["block"] } }),
      result({ action: "x".repeat(10_000) }),
      1,
    );
    expect(outcome.failures[0]?.length).toBeLessThan(200);
  });
});

describe("readVerdicts", () => {
  it("skips entries without a key, counts an action that is not a string as triggered", () => {
    expect(
      readVerdicts([
        null,
        "x",
        { action: "block" },
        { guardrailKey: "a", action: 3, score: "high" },
        { guardrailKey: "b", action: "allow", score: Number.NaN },
      ]),
    ).toEqual([
      { key: "a", action: "(none)", triggered: true },
      { key: "b", action: "allow", triggered: false },
    ]);
    expect(readVerdicts(undefined)).toEqual([]);
  });

  it("keeps the strongest action and the highest score of a guardrail listed twice", () => {
    expect(
      readVerdicts([injection("block", 0.4), injection("allow", 0.7), injection("detect", 0.2)]),
    ).toEqual([
      { key: "prompt-injection-protection", action: "block", triggered: true, score: 0.7 },
    ]);
    expect(readVerdicts([injection("allow", 0.1), injection("detect", 0.3)])[0]).toMatchObject({
      action: "detect",
      triggered: true,
    });
  });
});

describe("errorOutcome", () => {
  it("fails the case with the message on one line, and no verdicts", () => {
    const outcome = errorOutcome(evalCase(), "Connection failed\n  at fetch (x.js:1)", 30_000);
    expect(outcome).toEqual({
      id: "case-1",
      direction: "input",
      expected: {},
      status: "error",
      guardrails: [],
      survived: [],
      passed: false,
      failures: ["error: Connection failed at fetch (x.js:1)"],
      latencyMs: 30_000,
      error: "Connection failed at fetch (x.js:1)",
    });
  });

  it("cuts a long message and never leaves it empty", () => {
    expect(errorOutcome(evalCase(), "e".repeat(5000), 1).error?.length).toBeLessThanOrEqual(501);
    expect(errorOutcome(evalCase(), "\n\n", 1).error).toBe("unknown error");
  });
});
