import { describe, expect, it } from "vitest";
import { compareRuns, renderComparison } from "./compare.js";
import { doneCase, errorCase, run, verdict } from "./outcome-fixtures.test-support.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for terminal escapes.
const ANSI = /\u001b\[/;
const key = "prompt-injection-protection";

const previous = run([
  doneCase({ id: "still-ok", expected: { action: ["allow"] } }),
  doneCase({ id: "was-ok", expected: { action: ["block"] }, action: "block" }),
  doneCase({ id: "was-bad", expected: { action: ["block"] }, action: "allow", passed: false }),
  errorCase("was-error", { expected: { action: ["allow"] } }),
  doneCase({ id: "still-bad", passed: false, action: "detect" }),
  doneCase({ id: "gone" }),
]);

const current = run(
  [
    doneCase({ id: "still-ok", expected: { action: ["allow"] } }),
    doneCase({ id: "was-ok", expected: { action: ["block"] }, action: "allow", passed: false }),
    doneCase({ id: "was-bad", expected: { action: ["block"] }, action: "block" }),
    doneCase({ id: "was-error", expected: { action: ["allow"] } }),
    doneCase({ id: "still-bad", passed: false, action: "block" }),
    doneCase({ id: "fresh" }),
  ],
  { startedAt: "2026-11-30T10:00:00.000Z" },
);

describe("compareRuns", () => {
  it("lists fixed, regressed, new and removed cases, and leaves unchanged verdicts out", () => {
    const comparison = compareRuns(previous, current);
    expect(comparison.fixed).toEqual([
      {
        id: "was-bad",
        before: { status: "done", action: "allow", passed: false },
        after: { status: "done", action: "block", passed: true },
      },
      {
        id: "was-error",
        before: { status: "error", passed: false },
        after: { status: "done", action: "allow", passed: true },
      },
    ]);
    expect(comparison.regressed).toEqual([
      {
        id: "was-ok",
        before: { status: "done", action: "block", passed: true },
        after: { status: "done", action: "allow", passed: false },
      },
    ]);
    expect(comparison.added).toEqual([
      { id: "fresh", after: { status: "done", action: "allow", passed: true } },
    ]);
    expect(comparison.removed).toEqual([
      { id: "gone", before: { status: "done", action: "allow", passed: true } },
    ]);
    expect(comparison.previous).toEqual({
      dataset: "cases.jsonl",
      policy: previous.policy,
      startedAt: previous.startedAt,
      complete: true,
    });
  });

  it("counts a case that errors now as regressed", () => {
    const comparison = compareRuns(run([doneCase({ id: "a" })]), run([errorCase("a")]));
    expect(comparison.regressed.map((c) => c.id)).toEqual(["a"]);
  });

  it("gives the metric deltas, with guardrails labelled in both runs", () => {
    const labelled = (id: string, action: string, extra = {}) =>
      doneCase({
        id,
        expected: { guardrails: { [key]: true, ...extra } },
        guardrails: [verdict(key, action)],
      });
    const comparison = compareRuns(
      run([labelled("a", "block"), labelled("b", "allow")]),
      run([labelled("a", "block", { "topic-control": false }), labelled("b", "block")]),
    );
    const byName = Object.fromEntries(comparison.deltas.map((d) => [d.name, d]));
    expect(byName[`recall ${key}`]).toMatchObject({ before: 0.5, after: 1, delta: 0.5 });
    expect(byName[`F1 ${key}`]?.delta).toBeCloseTo(1 - 2 / 3);
    expect(byName["F1 topic-control"]).toBeUndefined();
    expect(byName.errors).toMatchObject({ before: 0, after: 0, delta: 0, higherIsBetter: false });
    expect(comparison.deltas.map((d) => d.name)).toEqual([
      "passed",
      "errors",
      "accuracy",
      `precision ${key}`,
      `recall ${key}`,
      `F1 ${key}`,
      "redaction recall",
      "latency p50 (ms)",
      "latency p95 (ms)",
    ]);
  });
});

describe("renderComparison", () => {
  it("shows the counts, the changed cases and the deltas", () => {
    const text = renderComparison(compareRuns(previous, current), { color: false });
    expect(text).toContain(
      "Compared with cases.jsonl run of 2026-11-29T10:00:00.000Z: 2 fixed, 1 regressed, 1 new, 1 removed",
    );
    expect(text).toContain("Regressed (1)\n  was-ok: passed (block) → missed (allow)");
    expect(text).toContain(
      "Fixed (2)\n  was-bad: missed (allow) → passed (block)\n  was-error: error → passed (allow)",
    );
    expect(text).toContain("New (1)\n  fresh: absent → passed (allow)");
    expect(text).toContain("Removed (1)\n  gone: passed (allow) → absent");
    expect(text).toMatch(/accuracy\s+0\.500\s+0\.750\s+\+0\.250/);
    expect(text).toMatch(/errors\s+1\s+0\s+-1/);
    expect(text).not.toMatch(ANSI);
    expect(renderComparison(compareRuns(previous, current), { color: true })).toMatch(ANSI);
  });

  it("shows milliseconds and counts whole, ratios with three decimals, and = for no visible change", () => {
    const text = renderComparison(
      compareRuns(
        run([doneCase({ id: "a", latencyMs: 100.4 })]),
        run([doneCase({ id: "a", latencyMs: 150.6 })]),
      ),
      { color: false },
    );
    expect(text).toMatch(/latency p50 \(ms\)\s+100\s+151\s+\+50\n/);
    expect(text).toMatch(/passed\s+1\s+1\s+=\n/);
    expect(text).toMatch(/accuracy\s+1\.000\s+1\.000\s+=\n/);
  });

  it("never prints a control character from an id", () => {
    const hostile = "\u001b[31mred\u0007";
    const text = renderComparison(
      compareRuns(run([doneCase({ id: hostile })]), run([errorCase(hostile)])),
      { color: false },
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for any control character.
    expect(text.replace(/\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
