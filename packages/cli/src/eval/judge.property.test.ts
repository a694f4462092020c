import type { EnforceResult, Message } from "@anthale/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvalCase } from "./case-result.js";
import { judgeCase } from "./judge.js";

const action = fc.oneof(
  fc.constantFrom("allow", "detect", "redact", "block"),
  fc.string({ unit: "binary", maxLength: 30 }),
);
const key = fc.oneof(
  fc.constantFrom("prompt-injection-protection", "topic-control"),
  fc.string({ unit: "binary", maxLength: 30 }),
);
const text = fc.string({ unit: "binary", maxLength: 40 });
const messages: fc.Arbitrary<Message[]> = fc.array(
  fc.record({ role: fc.constantFrom("user", "assistant"), content: text }),
  { minLength: 1, maxLength: 3 },
) as fc.Arbitrary<Message[]>;

const evalCase: fc.Arbitrary<EvalCase> = fc.record({
  id: fc.string({ minLength: 1 }),
  line: fc.nat(),
  direction: fc.constantFrom("input", "output"),
  messages,
  expect: fc.record(
    {
      action: fc.array(action, { minLength: 1, maxLength: 3 }),
      guardrails: fc.dictionary(key, fc.boolean(), { maxKeys: 3 }),
      redacted: fc.array(fc.string({ unit: "binary", minLength: 1, maxLength: 10 }), {
        maxLength: 3,
      }),
    },
    { requiredKeys: [] },
  ),
}) as fc.Arbitrary<EvalCase>;

const result: fc.Arbitrary<EnforceResult> = fc.record({
  enforcerIdentifier: fc.constant("e"),
  action,
  evaluations: fc.array(
    fc.oneof(fc.record({ guardrailKey: key, action, score: fc.double() }), fc.anything()),
    { maxLength: 4 },
  ),
  requestId: fc.string(),
}) as fc.Arbitrary<EnforceResult>;

describe("judgeCase (properties)", () => {
  it("passes exactly when nothing failed, with every failure on one line", () => {
    fc.assert(
      fc.property(evalCase, result, fc.nat(), (c, r, latency) => {
        const outcome = judgeCase(c, r, latency);
        expect(outcome.passed).toBe(outcome.failures.length === 0);
        for (const failure of outcome.failures) {
          expect(failure).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
          expect(failure.length).toBeLessThan(400);
        }
        expect(outcome).toMatchObject({ id: c.id, direction: c.direction, status: "done" });
        expect(outcome.latencyMs).toBe(latency);
      }),
    );
  });

  it("reports as surviving only listed strings, and none when the decision forwards nothing", () => {
    fc.assert(
      fc.property(evalCase, result, (c, r) => {
        const outcome = judgeCase(c, r, 0);
        for (const s of outcome.survived) expect(c.expect.redacted ?? []).toContain(s);
        const forwards = r.action === "allow" || r.action === "detect";
        expect(outcome.forwarded).toBe(forwards);
        if (!forwards) expect(outcome.survived).toEqual([]);
      }),
    );
  });

  it("fails a case for its action exactly when the action is not one it accepts", () => {
    fc.assert(
      fc.property(evalCase, result, (c, r) => {
        const outcome = judgeCase(c, r, 0);
        const accepted = c.expect.action ?? [];
        const actionFailed = outcome.failures.some((f) => f.startsWith("action:"));
        expect(actionFailed).toBe(accepted.length > 0 && !accepted.includes(r.action));
      }),
    );
  });

  it("finds every listed string that was sent unchanged on allow and detect", () => {
    fc.assert(
      fc.property(evalCase, fc.constantFrom("allow", "detect"), (c, a) => {
        const listed = c.expect.redacted ?? [];
        const sent: EvalCase = {
          ...c,
          messages: [...c.messages, { role: "user", content: listed.join(" | ") }],
        };
        const outcome = judgeCase(sent, { enforcerIdentifier: "e", action: a }, 0);
        expect(outcome.survived).toEqual(listed);
      }),
    );
  });
});
