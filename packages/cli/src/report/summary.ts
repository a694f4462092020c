// The summary a run prints in the terminal: counts, the action confusion matrix and accuracy, the
// per-guardrail table, redaction recall, latency, and the cases that missed or errored.

import { type Styler, stylerFor } from "../config/color.js";
import type { EvalMetrics } from "./metrics.js";
import { type Cell, formatMs, formatRatio, renderTable, safeText } from "./text-style.js";

/** The most missed (and errored) cases listed in the terminal; the reports list them all. */
export const MAX_LISTED_CASES = 50;

/** A count as a right-aligned cell, dimmed when 0 so the other numbers stand out. */
function countCell(value: number): Cell {
  return value === 0
    ? { text: "0", right: true, style: "dim" }
    : { text: String(value), right: true };
}

/** The action confusion matrix, with the correct cells in green and the wrong ones in red. */
function actionSection(metrics: EvalMetrics, style: Styler): string[] {
  const { actions } = metrics;
  if (actions.rows.length === 0) return ["Actions: no case labels an expected action."];
  const title = `Actions (expected × actual): accuracy ${formatRatio(actions.accuracy)} (${actions.correct} of ${actions.labelled})`;
  const header = ["expected", ...actions.columns.map((c) => ({ text: safeText(c), right: true }))];
  header.push({ text: "errors", right: true });
  const rows = actions.rows.map((row) => [
    safeText(row.label),
    ...actions.columns.map((column): Cell => {
      const count = row.counts[column] ?? 0;
      if (count === 0) return countCell(0);
      return {
        text: String(count),
        right: true,
        style: row.expected.includes(column) ? "green" : "red",
      };
    }),
    row.errors === 0
      ? countCell(0)
      : ({ text: String(row.errors), right: true, style: "red" } as Cell),
  ]);
  return [style("bold", title), ...renderTable(header, rows, style)];
}

/** Precision, recall, F1 and the counts behind them, one row per labelled guardrail. */
function guardrailSection(metrics: EvalMetrics, style: Styler): string[] {
  if (metrics.guardrails.length === 0) return ["Guardrails: no case labels a guardrail."];
  const right = (text: string): Cell => ({ text, right: true });
  const header = [
    "guardrail",
    ...["precision", "recall", "F1", "support", "TP", "FP", "FN", "TN", "missing"].map(right),
  ];
  const rows = metrics.guardrails.map((g) => [
    safeText(g.key),
    right(formatRatio(g.precision)),
    right(formatRatio(g.recall)),
    right(formatRatio(g.f1)),
    right(String(g.support)),
    countCell(g.truePositives),
    countCell(g.falsePositives),
    countCell(g.falseNegatives),
    countCell(g.trueNegatives),
    countCell(g.missing),
  ]);
  return [style("bold", "Guardrails (labelled cases only)"), ...renderTable(header, rows, style)];
}

/** Redaction recall and latency, one line each. */
function redactionAndLatency(metrics: EvalMetrics, style: Styler): string[] {
  const { redaction, latency } = metrics;
  const redactionLine =
    redaction.flagged === 0
      ? "Redaction: no case lists strings that must not survive."
      : `${style("bold", "Redaction recall")} ${formatRatio(redaction.recall)}: ${redaction.hidden} of ${redaction.flagged} flagged strings hidden` +
        (redaction.withheld > 0
          ? ` (${redaction.withheld} only because nothing would be forwarded)`
          : "");
  const latencyLine =
    latency.count === 0
      ? "Latency: no call completed."
      : `${style("bold", "Latency")} p50 ${formatMs(latency.p50Ms)}, p95 ${formatMs(latency.p95Ms)}, max ${formatMs(latency.maxMs)} (${latency.count} calls)`;
  return [redactionLine, latencyLine];
}

/** A list of cases with what went wrong, cut to {@link MAX_LISTED_CASES}. */
function caseList(
  title: string,
  cases: { id: string; lines: string[] }[],
  style: Styler,
): string[] {
  if (cases.length === 0) return [];
  const shown = cases.slice(0, MAX_LISTED_CASES);
  const lines = [style("bold", `${title} (${cases.length})`)];
  for (const { id, lines: reasons } of shown) {
    lines.push(`  ${style("red", "✗")} ${safeText(id)}`);
    for (const reason of reasons) lines.push(`      ${safeText(reason, 300)}`);
  }
  if (cases.length > shown.length) {
    lines.push(`  … and ${cases.length - shown.length} more (see report.html or results.json)`);
  }
  return lines;
}

/**
 * The summary of a run for the terminal, as lines joined with `\n` (no trailing newline). Every
 * text from the dataset or the server is put on one line without control characters, so a case
 * cannot rewrite the terminal. Colours only when `options.color` is true.
 */
export function renderSummary(metrics: EvalMetrics, options: { color: boolean }): string {
  const style = stylerFor(options.color);
  const missed = metrics.cases - metrics.passed - metrics.errors;
  const errors = `${metrics.errors} error${metrics.errors === 1 ? "" : "s"}`;
  const counts = [
    `${metrics.cases} case${metrics.cases === 1 ? "" : "s"}`,
    `${metrics.passed} passed`,
    missed === 0 ? "0 missed" : style("red", `${missed} missed`),
    metrics.errors === 0 ? errors : style("red", errors),
  ];
  const sections = [
    [`${style("bold", "Evaluation")}: ${counts.join(", ")}`],
    actionSection(metrics, style),
    guardrailSection(metrics, style),
    redactionAndLatency(metrics, style),
    caseList(
      "Missed cases",
      metrics.missed.map((c) => ({ id: c.id, lines: c.failures })),
      style,
    ),
    caseList(
      "Errors",
      metrics.errored.map((c) => ({ id: c.id, lines: [c.error] })),
      style,
    ),
  ];
  return sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join("\n"))
    .join("\n\n");
}
