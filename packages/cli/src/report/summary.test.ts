import { describe, expect, it } from "vitest";
import { computeMetrics } from "./metrics.js";
import { doneCase, errorCase, verdict } from "./outcome-fixtures.test-support.js";
import { MAX_LISTED_CASES, renderSummary } from "./summary.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for terminal escapes.
const ANSI = /\u001b\[/;

const cases = [
  doneCase({
    id: "benign-1",
    expected: { action: ["allow"], guardrails: { "prompt-injection-protection": false } },
    action: "allow",
    guardrails: [verdict("prompt-injection-protection", "allow", 0.02)],
    latencyMs: 100,
  }),
  doneCase({
    id: "inject-1",
    expected: { action: ["block"], guardrails: { "prompt-injection-protection": true } },
    action: "allow",
    guardrails: [verdict("prompt-injection-protection", "allow", 0.2)],
    passed: false,
    failures: ['action: expected "block", got "allow"'],
    latencyMs: 300,
  }),
  doneCase({
    id: "pii-1",
    expected: { action: ["redact", "block"], redacted: ["jane@example.com"] },
    action: "redact",
    latencyMs: 200,
  }),
  errorCase("broken-1", { expected: { action: ["allow"] } }),
];

describe("renderSummary", () => {
  it("shows the counts, the matrix, the guardrails, redaction, latency and the cases that missed", () => {
    const text = renderSummary(computeMetrics(cases), { color: false });
    expect(text).toBe(
      [
        "Evaluation: 4 cases, 2 passed, 1 missed, 1 error",
        "",
        "Actions (expected × actual): accuracy 0.500 (2 of 4)",
        "  expected         allow  detect  redact  block  errors",
        "  ---------------  -----  ------  ------  -----  ------",
        "  allow                1       0       0      0       1",
        "  block                1       0       0      0       0",
        "  redact or block      0       0       1      0       0",
        "",
        "Guardrails (labelled cases only)",
        "  guardrail                    precision  recall     F1  support  TP  FP  FN  TN  missing",
        "  ---------------------------  ---------  ------  -----  -------  --  --  --  --  -------",
        "  prompt-injection-protection      1.000   0.000  0.000        1   0   0   1   1        0",
        "",
        "Redaction recall 1.000: 1 of 1 flagged strings hidden",
        "Latency p50 200 ms, p95 300 ms, max 300 ms (3 calls)",
        "",
        "Missed cases (1)",
        "  ✗ inject-1",
        '      action: expected "block", got "allow"',
        "",
        "Errors (1)",
        "  ✗ broken-1",
        "      connection refused",
      ].join("\n"),
    );
  });

  it("colours only when asked", () => {
    const metrics = computeMetrics(cases);
    expect(renderSummary(metrics, { color: false })).not.toMatch(ANSI);
    const coloured = renderSummary(metrics, { color: true });
    expect(coloured).toMatch(ANSI);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing terminal escapes.
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(
      renderSummary(metrics, { color: false }),
    );
  });

  it("says so when the dataset labels no action, guardrail or string, and nothing completed", () => {
    const text = renderSummary(computeMetrics([errorCase("e")]), { color: false });
    expect(text).toContain("Actions: no case labels an expected action.");
    expect(text).toContain("Guardrails: no case labels a guardrail.");
    expect(text).toContain("Redaction: no case lists strings that must not survive.");
    expect(text).toContain("Latency: no call completed.");
  });

  it("never prints a control character from a case id or a failure", () => {
    const hostile = "\u001b[2J\u001b]0;pwned\u0007id\r\nnext";
    const text = renderSummary(
      computeMetrics([
        doneCase({ id: hostile, passed: false, failures: [hostile] }),
        errorCase(hostile, { error: hostile, expected: { guardrails: { [hostile]: true } } }),
      ]),
      { color: false },
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for any control character.
    expect(text.replace(/\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(text).toContain("[2J ]0;pwned id next");
  });

  it("lists at most MAX_LISTED_CASES missed cases and says how many more there are", () => {
    const many = Array.from({ length: MAX_LISTED_CASES + 7 }, (_, i) =>
      doneCase({ id: `m${i}`, passed: false, failures: ["x"] }),
    );
    const text = renderSummary(computeMetrics(many), { color: false });
    expect(text).toContain(`Missed cases (${MAX_LISTED_CASES + 7})`);
    expect(text.match(/✗ m\d+/g)).toHaveLength(MAX_LISTED_CASES);
    expect(text).toContain("… and 7 more (see report.html or results.json)");
  });
});
