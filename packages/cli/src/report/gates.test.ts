import { describe, expect, it } from "vitest";
import { compareRuns } from "./compare.js";
import { evaluateGates } from "./gates.js";
import { computeMetrics } from "./metrics.js";
import { doneCase, run, verdict } from "./outcome-fixtures.test-support.js";

const labelled = (id: string, key: string, should: boolean, action: string) =>
  doneCase({ id, expected: { guardrails: { [key]: should } }, guardrails: [verdict(key, action)] });

describe("evaluateGates", () => {
  it("passes when no gate is asked for", () => {
    expect(evaluateGates({ metrics: computeMetrics([]), failOnRegression: false })).toEqual({
      passed: true,
      reasons: [],
    });
  });

  it("applies --min-f1 to every labelled guardrail, each on its own", () => {
    const metrics = computeMetrics([
      labelled("a", "prompt-injection-protection", true, "block"),
      labelled("b", "topic-control", true, "allow"),
      labelled("c", "topic-control", true, "detect"),
    ]);
    const result = evaluateGates({ metrics, minF1: 0.9, failOnRegression: false });
    expect(result).toEqual({
      passed: false,
      reasons: [
        "--min-f1 0.9: guardrail topic-control has F1 0.667 (precision 1.000, recall 0.500, support 2)",
      ],
    });
    expect(evaluateGates({ metrics, minF1: 0.6, failOnRegression: false }).passed).toBe(true);
  });

  it("accepts a metric equal to the threshold up to rounding", () => {
    // 9 of 10 found, no false alarm: F1 = 2·1·0.9/1.9, just under 0.947368…
    const cases = Array.from({ length: 10 }, (_, i) =>
      labelled(`c${i}`, "k", true, i === 0 ? "allow" : "block"),
    );
    const metrics = computeMetrics(cases);
    const f1 = metrics.guardrails[0]?.f1 ?? 0;
    expect(evaluateGates({ metrics, minF1: f1 + 1e-12, failOnRegression: false }).passed).toBe(
      true,
    );
    expect(evaluateGates({ metrics, minF1: f1 + 1e-6, failOnRegression: false }).passed).toBe(
      false,
    );
  });

  it("fails --min-f1 when the dataset labels no guardrail", () => {
    const result = evaluateGates({
      metrics: computeMetrics([doneCase({ id: "a" })]),
      minF1: 0.5,
      failOnRegression: false,
    });
    expect(result.reasons).toEqual([
      "--min-f1 0.5: the dataset labels no guardrail, so no F1 can be measured",
    ]);
  });

  it("checks --min-accuracy, and fails it when no case labels an action", () => {
    const metrics = computeMetrics([
      doneCase({ id: "a", expected: { action: ["allow"] } }),
      doneCase({ id: "b", expected: { action: ["block"] }, passed: false }),
    ]);
    expect(evaluateGates({ metrics, minAccuracy: 0.75, failOnRegression: false }).reasons).toEqual([
      "--min-accuracy 0.75: accuracy is 0.500 (1 of 2)",
    ]);
    expect(evaluateGates({ metrics, minAccuracy: 0.5, failOnRegression: false }).passed).toBe(true);
    expect(
      evaluateGates({
        metrics: computeMetrics([doneCase({ id: "a" })]),
        minAccuracy: 0,
        failOnRegression: false,
      }).reasons,
    ).toEqual(["--min-accuracy 0: no case labels an expected action"]);
  });

  it("fails on a regression, naming the cases, and when there is nothing to compare with", () => {
    const before = run([doneCase({ id: "a" }), doneCase({ id: "b" })]);
    const after = run([doneCase({ id: "a", passed: false }), doneCase({ id: "b" })]);
    const metrics = computeMetrics(after.cases);
    expect(
      evaluateGates({ metrics, comparison: compareRuns(before, after), failOnRegression: true }),
    ).toEqual({ passed: false, reasons: ["--fail-on-regression: 1 case regressed: a"] });
    expect(
      evaluateGates({ metrics, comparison: compareRuns(after, after), failOnRegression: true })
        .passed,
    ).toBe(true);
    expect(evaluateGates({ metrics, failOnRegression: true }).reasons).toEqual([
      "--fail-on-regression: there is no previous run to compare with (--compare)",
    ]);
    // Without the flag, a regression does not fail the run.
    expect(
      evaluateGates({ metrics, comparison: compareRuns(before, after), failOnRegression: false })
        .passed,
    ).toBe(true);
  });

  it("reports every failing gate at once", () => {
    const metrics = computeMetrics([
      labelled("a", "k", true, "allow"),
      doneCase({ id: "b", expected: { action: ["block"] }, passed: false }),
    ]);
    const result = evaluateGates({ metrics, minF1: 0.5, minAccuracy: 0.5, failOnRegression: true });
    expect(result.reasons).toHaveLength(3);
  });

  it("refuses a threshold outside [0, 1]", () => {
    const metrics = computeMetrics([]);
    for (const bad of [-0.1, 1.5, Number.NaN]) {
      expect(() => evaluateGates({ metrics, minF1: bad, failOnRegression: false })).toThrow(
        RangeError,
      );
      expect(() => evaluateGates({ metrics, minAccuracy: bad, failOnRegression: false })).toThrow(
        RangeError,
      );
    }
  });
});
