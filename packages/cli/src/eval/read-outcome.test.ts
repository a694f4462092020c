import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareRuns, renderComparison } from "../report/compare.js";
import { renderHtmlReport } from "../report/html-report.js";
import { renderJunit } from "../report/junit.js";
import { computeMetrics } from "../report/metrics.js";
import { errorCase, run } from "../report/outcome-fixtures.test-support.js";
import { renderSummary } from "../report/summary.js";
import { readOutcome } from "./read-outcome.js";

describe("readOutcome", () => {
  it("keeps a well-formed outcome as it is", () => {
    const outcome = {
      id: "a",
      direction: "output",
      expected: { action: ["block"], guardrails: { k: true }, redacted: ["x"] },
      status: "done",
      action: "allow",
      guardrails: [{ key: "k", action: "allow", triggered: false, score: 0.1 }],
      evaluations: [{ guardrailKey: "k" }],
      survived: ["x"],
      forwarded: true,
      passed: false,
      failures: ["one"],
      latencyMs: 12,
      requestId: "r",
    };
    expect(readOutcome(outcome)).toEqual(outcome);
    const error = errorCase("b", { error: "boom", latencyMs: 3 });
    expect(readOutcome(error)).toEqual(error);
  });

  it("refuses a value without a usable id", () => {
    for (const value of [null, 3, "x", [], {}, { id: "" }, { id: 1.5 }, { id: {} }]) {
      expect(readOutcome(value)).toBeUndefined();
    }
    expect(readOutcome({ id: 7, status: "done", action: "allow", passed: true })?.id).toBe("7");
  });

  it("turns malformed fields into safe values, never a pass it cannot vouch for", () => {
    expect(
      readOutcome({
        id: "a",
        direction: "sideways",
        expected: { action: "block", guardrails: { k: "yes", j: false }, redacted: [1, "x"] },
        status: "done",
        action: 4,
        guardrails: "many",
        passed: true,
        failures: "none",
        latencyMs: -5,
      }),
    ).toEqual({
      id: "a",
      direction: "input",
      expected: { guardrails: { j: false }, redacted: ["x"] },
      status: "error",
      guardrails: [],
      survived: [],
      passed: false,
      failures: ["error: no outcome recorded"],
      latencyMs: 0,
      error: "no outcome recorded",
    });
    expect(
      readOutcome({
        id: "b",
        status: "done",
        action: "block",
        passed: "true",
        latencyMs: Number.NaN,
      }),
    ).toMatchObject({ status: "done", passed: false, failures: ["missed (no reason recorded)"] });
  });

  it("gives outcomes every report module can take, whatever the file holds (property)", () => {
    const field = (...likely: unknown[]) => fc.oneof(fc.constantFrom(...likely), fc.anything());
    const value = fc.oneof(
      fc.anything(),
      fc.record(
        {
          id: fc.oneof(fc.string(), fc.integer(), fc.anything()),
          direction: field("input", "output"),
          expected: fc.oneof(
            fc.record(
              {
                action: field(["block"], "block"),
                guardrails: field({ k: true }),
                redacted: field(["x"]),
              },
              { requiredKeys: [] },
            ),
            fc.anything(),
          ),
          status: field("done", "error"),
          action: field("allow", "block"),
          guardrails: field([{ key: "k", action: "block", triggered: true }]),
          survived: field(["x"]),
          passed: field(true, false),
          failures: field(["f"]),
          latencyMs: field(5, -1, Number.NaN),
          error: field("boom"),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), (values) => {
        const outcomes = values.flatMap((v) => readOutcome(v) ?? []);
        for (const o of outcomes) expect(o.passed).toBe(o.failures.length === 0);
        const previous = run(outcomes);
        const current = run(outcomes.slice(1));
        const metrics = computeMetrics(outcomes);
        expect(metrics.cases).toBe(outcomes.length);
        const comparison = compareRuns(previous, current);
        renderSummary(metrics, { color: true });
        renderComparison(comparison, { color: false });
        renderHtmlReport(previous, metrics, comparison);
        renderJunit(previous);
      }),
    );
  });
});
