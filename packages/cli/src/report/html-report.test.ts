import { describe, expect, it } from "vitest";
import { compareRuns } from "./compare.js";
import { REPORT_CSP, renderHtmlReport } from "./html-report.js";
import { computeMetrics } from "./metrics.js";
import { doneCase, errorCase, run, verdict } from "./outcome-fixtures.test-support.js";

const attack = '<script>window.__injected = true</script><img src="https://example.invalid/x.png">';

const results = run([
  doneCase({ id: "benign-1", expected: { action: ["allow"] } }),
  doneCase({
    id: `inject-${attack}`,
    expected: {
      action: ["block"],
      guardrails: { "prompt-injection-protection": true },
      redacted: [attack],
    },
    action: "allow",
    guardrails: [verdict("prompt-injection-protection", "allow", 0.2)],
    survived: [attack],
    passed: false,
    failures: [`redaction: ${attack} would be forwarded`],
    requestId: "req-1",
  }),
  errorCase("broken-1", { error: `Anthale answered 500 ${attack}` }),
]);

describe("renderHtmlReport", () => {
  const page = renderHtmlReport(results, computeMetrics(results.cases));

  it("is one document with inline CSS only: no script, no external resource", () => {
    expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
    const csp = REPORT_CSP.replace(/'/g, "&#39;");
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp}">`);
    // Markup can only come from the template: a `<` from a string is escaped.
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed|base)\b/i);
    expect(page).not.toMatch(/<[a-z]+\s[^>]*\b(src|href|action|on[a-z]+)=/i);
    const style = page.slice(page.indexOf("<style>"), page.indexOf("</style>"));
    expect(style).not.toMatch(/url\(|@import/);
    expect(page.match(/<style>/g)).toHaveLength(1);
  });

  it("escapes every dataset and server string", () => {
    expect(page).not.toContain("<script>window");
    expect(page).toContain("&lt;script&gt;window.__injected = true&lt;/script&gt;");
    expect(page).toContain("inject-&lt;script&gt;");
  });

  it("holds the tables and the failing cases, not the passing ones", () => {
    for (const id of ["overview", "actions", "guardrails", "redaction", "latency", "failing"]) {
      expect(page).toContain(`id="${id}"`);
    }
    expect(page).toContain("Failing cases (2)");
    expect(page.match(/<article class="case">/g)).toHaveLength(2);
    expect(page).not.toContain("<code>benign-1</code>");
    expect(page).not.toContain('id="changes"');
    expect(page).not.toContain('id="incomplete"');
  });

  it("shows the comparison when there is one, and says when a run was interrupted", () => {
    const previous = run([
      doneCase({ id: "benign-1", expected: { action: ["allow"] }, action: "block", passed: false }),
    ]);
    const partial = { ...results, complete: false };
    const withComparison = renderHtmlReport(
      partial,
      computeMetrics(partial.cases),
      compareRuns(previous, partial),
    );
    expect(withComparison).toContain('id="changes"');
    expect(withComparison).toContain('id="deltas"');
    expect(withComparison).toContain("1 fixed, 0 regressed, 2 new, 0 removed");
    expect(withComparison).toContain('id="incomplete"');
  });

  it("says when a failing case states no expectation", () => {
    expect(page).toContain('<p class="note">No expectation.</p>');
  });

  it("says when every case passed", () => {
    const ok = run([doneCase({ id: "a" })]);
    expect(renderHtmlReport(ok, computeMetrics(ok.cases))).toContain("Every case passed.");
  });
});
