import { describe, expect, it } from "vitest";
import { computeMetrics } from "./metrics.js";
import { doneCase, errorCase, verdict } from "./outcome-fixtures.test-support.js";

describe("computeMetrics", () => {
  it("is defined on an empty run, without NaN", () => {
    const metrics = computeMetrics([]);
    expect(metrics).toMatchObject({
      cases: 0,
      completed: 0,
      passed: 0,
      errors: 0,
      actions: { rows: [], labelled: 0, correct: 0, accuracy: 1 },
      guardrails: [],
      redaction: { flagged: 0, hidden: 0, withheld: 0, recall: 1 },
      latency: { count: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 },
      missed: [],
      errored: [],
    });
    expect(JSON.stringify(metrics)).not.toMatch(/NaN|null/);
  });

  describe("action confusion matrix", () => {
    it("counts expected × actual, errors apart and against accuracy", () => {
      const metrics = computeMetrics([
        doneCase({ id: "a", expected: { action: ["allow"] }, action: "allow" }),
        doneCase({ id: "b", expected: { action: ["allow"] }, action: "block", passed: false }),
        doneCase({ id: "c", expected: { action: ["block"] }, action: "block" }),
        errorCase("d", { expected: { action: ["block"] } }),
        doneCase({ id: "e", action: "block" }), // labels no action: not in the matrix
      ]);
      expect(metrics.actions.columns).toEqual(["allow", "detect", "redact", "block"]);
      expect(
        metrics.actions.rows.map((r) => [r.label, r.counts, r.errors, r.correct, r.total]),
      ).toEqual([
        ["allow", { allow: 1, detect: 0, redact: 0, block: 1 }, 0, 1, 2],
        ["block", { allow: 0, detect: 0, redact: 0, block: 1 }, 1, 1, 2],
      ]);
      expect(metrics.actions).toMatchObject({ labelled: 4, correct: 2, accuracy: 0.5 });
    });

    it("gives a case that accepts several actions its own row, correct on any of them", () => {
      const metrics = computeMetrics([
        doneCase({ id: "a", expected: { action: ["block", "redact"] }, action: "redact" }),
        doneCase({ id: "b", expected: { action: ["redact", "block"] }, action: "block" }),
        doneCase({ id: "c", expected: { action: ["block", "redact"] }, action: "detect" }),
        doneCase({ id: "d", expected: { action: ["redact"] }, action: "redact" }),
      ]);
      expect(metrics.actions.rows.map((r) => [r.label, r.correct, r.total])).toEqual([
        ["redact", 1, 1],
        ["redact or block", 2, 3],
      ]);
      expect(metrics.actions.accuracy).toBe(0.75);
    });

    it("adds a column for an action the server answered that the contract does not name", () => {
      const metrics = computeMetrics([
        doneCase({ id: "a", expected: { action: ["block"] }, action: "quarantine" }),
      ]);
      expect(metrics.actions.columns).toEqual(["allow", "detect", "redact", "block", "quarantine"]);
      expect(metrics.actions.rows[0]?.counts.quarantine).toBe(1);
      expect(metrics.actions.accuracy).toBe(0);
    });
  });

  describe("per guardrail", () => {
    const key = "prompt-injection-protection";
    const labelled = (id: string, should: boolean, action?: string) =>
      doneCase({
        id,
        expected: { guardrails: { [key]: should } },
        guardrails: action === undefined ? [] : [verdict(key, action)],
      });

    it("computes precision, recall, F1 and support over the cases that label it", () => {
      const metrics = computeMetrics([
        labelled("tp1", true, "block"),
        labelled("tp2", true, "detect"),
        labelled("fn", true, "allow"),
        labelled("fn-missing", true),
        labelled("fp", false, "block"),
        labelled("tn", false, "allow"),
        errorCase("err", { expected: { guardrails: { [key]: true } } }),
        // Triggered, but this case does not label it: not counted.
        doneCase({ id: "x", guardrails: [verdict(key, "block")] }),
      ]);
      expect(metrics.guardrails).toEqual([
        {
          key,
          labelled: 6,
          support: 4,
          truePositives: 2,
          falsePositives: 1,
          falseNegatives: 2,
          trueNegatives: 1,
          missing: 1,
          precision: 2 / 3,
          recall: 0.5,
          f1: (2 * (2 / 3) * 0.5) / (2 / 3 + 0.5),
        },
      ]);
    });

    it("defines each ratio when its denominator is 0", () => {
      const onlyNegatives = computeMetrics([labelled("tn", false, "allow")]).guardrails[0];
      expect(onlyNegatives).toMatchObject({ support: 0, precision: 1, recall: 1, f1: 1 });
      const neverTriggered = computeMetrics([labelled("fn", true, "allow")]).guardrails[0];
      expect(neverTriggered).toMatchObject({ support: 1, precision: 1, recall: 0, f1: 0 });
      const falseAlarm = computeMetrics([labelled("fp", false, "block")]).guardrails[0];
      expect(falseAlarm).toMatchObject({ support: 0, precision: 0, recall: 1, f1: 0 });
    });

    it("lists only labelled guardrails, sorted by key", () => {
      const metrics = computeMetrics([
        doneCase({
          id: "a",
          expected: { guardrails: { "topic-control": false, "content-moderation": true } },
          guardrails: [verdict("data-leakage-prevention", "redact")],
        }),
      ]);
      expect(metrics.guardrails.map((g) => g.key)).toEqual(["content-moderation", "topic-control"]);
    });
  });

  it("computes redaction recall, and how much of it came from forwarding nothing", () => {
    const metrics = computeMetrics([
      doneCase({ id: "hid", expected: { redacted: ["a", "b"] }, action: "redact" }),
      doneCase({
        id: "leak",
        expected: { redacted: ["c", "d"] },
        action: "allow",
        survived: ["d"],
        passed: false,
      }),
      doneCase({ id: "blocked", expected: { redacted: ["e"] }, action: "block", forwarded: false }),
      doneCase({
        id: "incomplete",
        expected: { redacted: ["f"] },
        action: "redact",
        forwarded: false,
      }),
      errorCase("err", { expected: { redacted: ["g"] } }),
    ]);
    expect(metrics.redaction).toEqual({ flagged: 6, hidden: 5, withheld: 2, recall: 5 / 6 });
  });

  it("takes nearest-rank latency percentiles over the completed cases only", () => {
    const cases = Array.from({ length: 20 }, (_, i) =>
      doneCase({ id: `c${i}`, latencyMs: 20 - i }),
    );
    const metrics = computeMetrics([...cases, errorCase("slow", { latencyMs: 60_000 })]);
    expect(metrics.latency).toEqual({ count: 20, p50Ms: 10, p95Ms: 19, maxMs: 20 });
    expect(computeMetrics([doneCase({ id: "one", latencyMs: 7 })]).latency).toEqual({
      count: 1,
      p50Ms: 7,
      p95Ms: 7,
      maxMs: 7,
    });
  });

  it("lists the cases that missed and those that errored, in run order", () => {
    const metrics = computeMetrics([
      doneCase({ id: "z", passed: false, failures: ["one"] }),
      errorCase("y"),
      doneCase({ id: "ok" }),
      doneCase({ id: "a", passed: false, failures: ["two", "three"] }),
    ]);
    expect(metrics).toMatchObject({ cases: 4, completed: 3, passed: 1, errors: 1 });
    expect(metrics.missed).toEqual([
      { id: "z", failures: ["one"] },
      { id: "a", failures: ["two", "three"] },
    ]);
    expect(metrics.errored).toEqual([{ id: "y", error: "connection refused" }]);
  });
});
