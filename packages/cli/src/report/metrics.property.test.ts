import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CaseOutcome } from "../eval/case-result.js";
import { computeMetrics } from "./metrics.js";

const action = fc.constantFrom("allow", "detect", "redact", "block", "hold");
const key = fc.constantFrom("prompt-injection-protection", "content-moderation", "topic-control");

/** Any outcome a run could hold, consistent or not. */
const outcome: fc.Arbitrary<CaseOutcome> = fc.record({
  id: fc.string(),
  direction: fc.constantFrom("input", "output"),
  expected: fc.record(
    {
      action: fc.array(action, { maxLength: 3 }),
      guardrails: fc.dictionary(key, fc.boolean()),
      redacted: fc.array(fc.string(), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  status: fc.constantFrom("done", "error"),
  action,
  guardrails: fc.array(
    fc.record({ key, action, triggered: fc.boolean(), score: fc.double({ noNaN: true }) }),
    { maxLength: 3 },
  ),
  survived: fc.array(fc.string(), { maxLength: 2 }),
  forwarded: fc.boolean(),
  passed: fc.boolean(),
  failures: fc.array(fc.string(), { maxLength: 2 }),
  latencyMs: fc.oneof(fc.nat(), fc.constant(Number.NaN), fc.constant(-1)),
}) as fc.Arbitrary<CaseOutcome>;

describe("computeMetrics (properties)", () => {
  it("never yields NaN or infinity, keeps every ratio in [0, 1] and every count consistent", () => {
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 30 }), (cases) => {
        const m = computeMetrics(cases);
        const numbers: number[] = [];
        JSON.stringify(m, (_, value) => {
          if (typeof value === "number") numbers.push(value);
          return value;
        });
        expect(JSON.stringify(m)).not.toMatch(/null/);
        for (const n of numbers) expect(Number.isFinite(n)).toBe(true);
        const ratios = [
          m.actions.accuracy,
          m.redaction.recall,
          ...m.guardrails.flatMap((g) => [g.precision, g.recall, g.f1]),
        ];
        for (const r of ratios) expect(r >= 0 && r <= 1).toBe(true);
        expect(m.completed + m.errors).toBe(m.cases);
        expect(m.passed + m.missed.length).toBe(m.completed);
        expect(m.errored).toHaveLength(m.errors);
        for (const row of m.actions.rows) {
          const sum = Object.values(row.counts).reduce((a, b) => a + b, 0);
          expect(sum + row.errors).toBe(row.total);
          expect(Object.keys(row.counts)).toEqual(m.actions.columns);
        }
        for (const g of m.guardrails) {
          expect(g.truePositives + g.falseNegatives).toBe(g.support);
          expect(g.support + g.falsePositives + g.trueNegatives).toBe(g.labelled);
        }
        expect(m.latency.p50Ms).toBeLessThanOrEqual(m.latency.p95Ms);
        expect(m.latency.p95Ms).toBeLessThanOrEqual(m.latency.maxMs);
        expect(m.redaction.withheld).toBeLessThanOrEqual(m.redaction.hidden);
        expect(m.redaction.hidden).toBeLessThanOrEqual(m.redaction.flagged);
      }),
    );
  });
});
