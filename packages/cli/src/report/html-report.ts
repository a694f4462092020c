// `report.html`: one self-contained page with the run's tables (actions, guardrails, redaction,
// latency, the comparison with a previous run) and every failing case. Inline CSS only, no script,
// no external request (a Content-Security-Policy forbids them), every dataset and server string
// escaped.
import type { CaseOutcome, RunResults } from "../eval/case-result.js";
import {
  type CaseChange,
  type Comparison,
  formatMetricChange,
  formatMetricValue,
} from "./compare.js";
import { html, SafeHtml } from "./html.js";
import type { EvalMetrics } from "./metrics.js";

/**
 * What the page may load: nothing but its own inline styles. Even if a string escaped the
 * escaping, no script would run and no request would leave the page.
 */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light; --ok: #17692f; --bad: #b42318; --muted: #5b616e; --line: #d0d4dc; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f27;
  margin: 0 auto; padding: 24px; max-width: 1100px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1em; margin: 0 0 6px; overflow-wrap: anywhere; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.run dt { color: var(--muted); }
dl.run dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f3f4f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.hit { background: #e3f4e7; color: var(--ok); font-weight: 600; }
td.miss { background: #fdeceb; color: var(--bad); font-weight: 600; }
td.zero { color: #a0a6b1; }
.ok { color: var(--ok); } .bad { color: var(--bad); }
.note { color: var(--muted); }
.warning { background: #fff4d6; border: 1px solid #e8c76a; padding: 8px 12px; }
article.case { border: 1px solid var(--line); border-left: 4px solid var(--bad); padding: 10px 14px;
  margin: 10px 0; }
article.case ul { margin: 4px 0 8px; padding-left: 20px; }
code, .text { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em;
  white-space: pre-wrap; overflow-wrap: anywhere; }
`;

/** The class of a count cell: dimmed when 0, green when right, red when wrong. */
function countClass(count: number, right: boolean): string {
  if (count === 0) return "zero";
  return right ? "hit" : "miss";
}

/** The class of the cell naming a change. */
const CHANGE_CLASS: Record<string, string> = { regressed: "miss", fixed: "hit" };

/** A ratio with three decimals. */
function ratio(value: number): string {
  return value.toFixed(3);
}

/** A table cell holding a number. */
function num(value: number | string, className = ""): SafeHtml {
  return html`<td class="num ${className}">${value}</td>`;
}

/** The run's header: what was evaluated, when, and whether the run is complete. */
function header(run: RunResults, metrics: EvalMetrics): SafeHtml {
  const missed = metrics.completed - metrics.passed;
  return html`<header>
<h1>Policy evaluation</h1>
<dl class="run">
<dt>Dataset</dt><dd><code>${run.dataset}</code></dd>
<dt>Policy</dt><dd><code>${run.policy}</code></dd>
<dt>Started</dt><dd>${run.startedAt}</dd>
<dt>Finished</dt><dd>${run.finishedAt}</dd>
</dl>
${run.complete ? "" : html`<p class="warning" id="incomplete">This run was interrupted: only the cases it finished are counted.</p>`}
<table id="overview"><caption class="note">Cases</caption>
<tr><th>cases</th><th>passed</th><th>missed</th><th>errors</th><th>accuracy</th></tr>
<tr>${num(metrics.cases)}${num(metrics.passed, "ok")}${num(missed, missed ? "bad" : "")}${num(metrics.errors, metrics.errors ? "bad" : "")}${num(ratio(metrics.actions.accuracy))}</tr>
</table>
</header>`;
}

/** The action confusion matrix. */
function actionTable(metrics: EvalMetrics): SafeHtml {
  const { actions } = metrics;
  if (actions.rows.length === 0) {
    return html`<h2>Actions</h2><p class="note">No case labels an expected action.</p>`;
  }
  const rows = actions.rows.map((row) => {
    const cells = actions.columns.map((column) => {
      const count = row.counts[column] ?? 0;
      return num(count, countClass(count, row.expected.includes(column)));
    });
    return html`<tr><th scope="row">${row.label}</th>${cells}${num(row.errors, row.errors ? "miss" : "zero")}${num(`${row.correct} / ${row.total}`)}</tr>`;
  });
  return html`<h2>Actions</h2>
<p>Accuracy <strong>${ratio(actions.accuracy)}</strong> (${actions.correct} of ${actions.labelled} cases that label an action; errors count as misses). A row lists the actions its cases accept.</p>
<table id="actions">
<tr><th>expected \\ actual</th>${actions.columns.map((c) => html`<th class="num">${c}</th>`)}<th class="num">errors</th><th class="num">correct</th></tr>
${rows}
</table>`;
}

/** Precision, recall and F1 of each labelled guardrail. */
function guardrailTable(metrics: EvalMetrics): SafeHtml {
  if (metrics.guardrails.length === 0) {
    return html`<h2>Guardrails</h2><p class="note">No case labels a guardrail.</p>`;
  }
  const rows = metrics.guardrails.map(
    (g) =>
      html`<tr><th scope="row"><code>${g.key}</code></th>${num(ratio(g.precision))}${num(ratio(g.recall))}${num(ratio(g.f1))}${num(g.support)}${num(g.truePositives)}${num(g.falsePositives)}${num(g.falseNegatives)}${num(g.trueNegatives)}${num(g.missing)}</tr>`,
  );
  return html`<h2>Guardrails</h2>
<p class="note">Over the completed cases that label each guardrail; support is the number labelled to trigger. Precision is 1 when the guardrail never triggered, recall 1 when nothing should have triggered it.</p>
<table id="guardrails">
<tr><th>guardrail</th><th class="num">precision</th><th class="num">recall</th><th class="num">F1</th><th class="num">support</th><th class="num">TP</th><th class="num">FP</th><th class="num">FN</th><th class="num">TN</th><th class="num">missing</th></tr>
${rows}
</table>`;
}

/** Redaction recall and latency. */
function redactionAndLatency(metrics: EvalMetrics): SafeHtml {
  const { redaction, latency } = metrics;
  return html`<h2>Redaction and latency</h2>
<table id="redaction">
<tr><th>flagged strings</th><th>hidden</th><th>hidden because nothing was forwarded</th><th>redaction recall</th></tr>
<tr>${num(redaction.flagged)}${num(redaction.hidden)}${num(redaction.withheld)}${num(ratio(redaction.recall))}</tr>
</table>
<table id="latency">
<tr><th>calls</th><th>p50 (ms)</th><th>p95 (ms)</th><th>max (ms)</th></tr>
<tr>${num(latency.count)}${num(Math.round(latency.p50Ms))}${num(Math.round(latency.p95Ms))}${num(Math.round(latency.maxMs))}</tr>
</table>`;
}

/** A case's state in one run, in words. */
function state(change: CaseChange["before"]): string {
  if (change === undefined) return "absent";
  if (change.status !== "done") return "error";
  return `${change.passed ? "passed" : "missed"} (${change.action ?? "?"})`;
}

/** The comparison with a previous run. */
function comparisonSection(comparison: Comparison): SafeHtml {
  const kinds: [string, CaseChange[]][] = [
    ["regressed", comparison.regressed],
    ["fixed", comparison.fixed],
    ["new", comparison.added],
    ["removed", comparison.removed],
  ];
  const changes = kinds.flatMap(([kind, list]) =>
    list.map(
      (c) =>
        html`<tr><td class="${CHANGE_CLASS[kind] ?? ""}">${kind}</td><td><code>${c.id}</code></td><td>${state(c.before)}</td><td>${state(c.after)}</td></tr>`,
    ),
  );
  const deltas = comparison.deltas.map((d) => {
    const better = d.higherIsBetter ? d.delta > 0 : d.delta < 0;
    const change = formatMetricChange(d);
    const kind = change === "=" ? "zero" : countClass(d.delta, better);
    return html`<tr><th scope="row">${d.name}</th>${num(formatMetricValue(d.unit, d.before))}${num(formatMetricValue(d.unit, d.after))}${num(change, kind)}</tr>`;
  });
  return html`<h2>Compared with the previous run</h2>
<p>Previous run of <code>${comparison.previous.dataset}</code> started ${comparison.previous.startedAt}${comparison.previous.complete ? "" : " (interrupted)"}: ${comparison.fixed.length} fixed, ${comparison.regressed.length} regressed, ${comparison.added.length} new, ${comparison.removed.length} removed.</p>
${changes.length === 0 ? html`<p class="note">No case changed outcome.</p>` : html`<table id="changes"><tr><th>change</th><th>case</th><th>before</th><th>after</th></tr>${changes}</table>`}
<table id="deltas"><tr><th>metric</th><th class="num">before</th><th class="num">after</th><th class="num">change</th></tr>${deltas}</table>`;
}

/** What a case expected, in words. */
function expectations(outcome: CaseOutcome): SafeHtml {
  const { action, guardrails, redacted } = outcome.expected;
  const items = [
    ...(action && action.length > 0 ? [html`<li>action: ${action.join(" or ")}</li>`] : []),
    ...Object.entries(guardrails ?? {}).map(
      ([key, should]) =>
        html`<li>guardrail <code>${key}</code> ${should ? "triggers" : "does not trigger"}</li>`,
    ),
    ...(redacted ?? []).map(
      (text) => html`<li>must not survive: <span class="text">${text}</span></li>`,
    ),
  ];
  return items.length === 0 ? html`<p class="note">No expectation.</p>` : html`<ul>${items}</ul>`;
}

/** One failing case: why it missed, what it expected, what the guardrails said. */
function failingCase(outcome: CaseOutcome): SafeHtml {
  const verdicts = outcome.guardrails.map(
    (g) =>
      html`<tr><td><code>${g.key}</code></td><td>${g.action}</td><td class="num">${g.score ?? ""}</td></tr>`,
  );
  const got =
    outcome.status === "done"
      ? html`action <strong>${outcome.action ?? "?"}</strong>`
      : html`<strong class="bad">error</strong>`;
  return html`<article class="case">
<h3><code>${outcome.id}</code></h3>
<p>${outcome.direction} · ${got} · ${Math.round(outcome.latencyMs)} ms${outcome.requestId === undefined ? "" : html` · request <code>${outcome.requestId}</code>`}</p>
<ul class="failures">${outcome.failures.map((f) => html`<li class="bad">${f}</li>`)}</ul>
<details open><summary>Expected</summary>${expectations(outcome)}</details>
${verdicts.length === 0 ? "" : html`<table class="verdicts"><tr><th>guardrail</th><th>action</th><th class="num">score</th></tr>${verdicts}</table>`}
</article>`;
}

/**
 * The HTML report of a run: a complete, self-contained document (inline CSS, no script, no
 * external resource; its Content-Security-Policy forbids any) with the overview, the action
 * confusion matrix, the guardrail table, redaction and latency, the comparison when there is one,
 * and every failing case (missed or errored) with its failures, expectations and verdicts. Every
 * string from the dataset, the server or a results file is escaped, so a case text holding
 * `<script>` shows as text.
 */
export function renderHtmlReport(
  run: RunResults,
  metrics: EvalMetrics,
  comparison?: Comparison,
): string {
  const failing = run.cases.filter((c) => c.status !== "done" || !c.passed);
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Policy evaluation: ${run.dataset}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
${header(run, metrics)}
<main>
${actionTable(metrics)}
${guardrailTable(metrics)}
${redactionAndLatency(metrics)}
${comparison === undefined ? "" : comparisonSection(comparison)}
<h2 id="failing">Failing cases (${failing.length})</h2>
${failing.length === 0 ? html`<p class="ok">Every case passed.</p>` : failing.map(failingCase)}
</main>
</body>
</html>
`;
  return page.value;
}
