// Compares two runs of a dataset: the cases whose outcome changed (fixed, regressed, new,
// removed) and how each metric moved. Renders the comparison for the terminal.

import { type Style, type Styler, stylerFor } from "../config/color.js";
import type { CaseOutcome, RunResults } from "../eval/case-result.js";
import { readOutcome } from "../eval/read-outcome.js";
import { computeMetrics, type EvalMetrics } from "./metrics.js";
import { formatRatio, renderTable, safeText } from "./text-style.js";

/** What a case was in one run, in short. */
interface CaseState {
  /** `"done"` or `"error"`. */
  status: CaseOutcome["status"];
  /** The policy's action (absent on error). */
  action?: string;
  /** Whether the case met every expectation. */
  passed: boolean;
}

/** A case whose outcome changed between the two runs. */
export interface CaseChange {
  /** The case's id. */
  id: string;
  /** In the previous run (absent for a new case). */
  before?: CaseState;
  /** In the current run (absent for a removed case). */
  after?: CaseState;
}

/** How one metric moved. */
interface MetricDelta {
  /** The metric (`"accuracy"`, `"F1 prompt-injection-protection"`, `"latency p95 (ms)"`...). */
  name: string;
  /** Its value in the previous run. */
  before: number;
  /** Its value in the current run. */
  after: number;
  /** `after - before`. */
  delta: number;
  /** Whether a higher value is better (false for latency and errors). */
  higherIsBetter: boolean;
  /** What the value is: a ratio in [0, 1], a count of cases, or milliseconds. */
  unit: "ratio" | "count" | "ms";
}

/** Two runs compared. */
export interface Comparison {
  /** The previous run: its dataset, policy and start. */
  previous: Pick<RunResults, "dataset" | "policy" | "startedAt" | "complete">;
  /** Cases that missed (or errored) before and pass now. */
  fixed: CaseChange[];
  /** Cases that passed before and miss (or error) now. */
  regressed: CaseChange[];
  /** Cases only in the current run. */
  added: CaseChange[];
  /** Cases only in the previous run. */
  removed: CaseChange[];
  /** The metrics of both runs, side by side. Only guardrails labelled in both runs are compared. */
  deltas: MetricDelta[];
}

/** A case's state. */
function stateOf(outcome: CaseOutcome): CaseState {
  return {
    status: outcome.status,
    ...(outcome.status === "done" && outcome.action !== undefined
      ? { action: outcome.action }
      : {}),
    passed: outcome.status === "done" && outcome.passed,
  };
}

/**
 * The outcomes by id, each read warily (a results file may be old, edited or hostile: see
 * {@link readOutcome}); entries without a usable id are left out, and when an id appears twice
 * the later outcome is the one kept.
 */
function byId(cases: readonly unknown[]): Map<string, CaseOutcome> {
  const outcomes = (Array.isArray(cases) ? cases : []).flatMap((value) => readOutcome(value) ?? []);
  return new Map(outcomes.map((outcome) => [outcome.id, outcome]));
}

/** The metrics both runs have, as deltas. */
function metricDeltas(before: EvalMetrics, after: EvalMetrics): MetricDelta[] {
  const delta = (
    name: string,
    b: number,
    a: number,
    unit: MetricDelta["unit"] = "ratio",
  ): MetricDelta => ({
    name,
    before: b,
    after: a,
    delta: a - b,
    // Fewer errors and a lower latency are better; for everything else, more is.
    higherIsBetter: !(name === "errors" || unit === "ms"),
    unit,
  });
  const deltas = [
    delta("passed", before.passed, after.passed, "count"),
    delta("errors", before.errors, after.errors, "count"),
    delta("accuracy", before.actions.accuracy, after.actions.accuracy),
  ];
  for (const g of after.guardrails) {
    const old = before.guardrails.find((candidate) => candidate.key === g.key);
    if (old === undefined) continue;
    deltas.push(
      delta(`precision ${g.key}`, old.precision, g.precision),
      delta(`recall ${g.key}`, old.recall, g.recall),
      delta(`F1 ${g.key}`, old.f1, g.f1),
    );
  }
  deltas.push(
    delta("redaction recall", before.redaction.recall, after.redaction.recall),
    delta("latency p50 (ms)", before.latency.p50Ms, after.latency.p50Ms, "ms"),
    delta("latency p95 (ms)", before.latency.p95Ms, after.latency.p95Ms, "ms"),
  );
  return deltas;
}

/**
 * Compares a previous run with the current one, case by case (by id) and metric by metric. A
 * case is fixed when it passes now and did not before (a miss or an error), regressed when it
 * passed before and does not now; cases that pass or miss in both are not listed, whatever their
 * actions. Cases only in one run are `added` or `removed` (after an interrupted previous run, the
 * cases it did not reach are `added`). Lists keep the current run's order, then the previous one's.
 */
export function compareRuns(previous: RunResults, current: RunResults): Comparison {
  const before = byId(previous.cases);
  const after = byId(current.cases);
  const fixed: CaseChange[] = [];
  const regressed: CaseChange[] = [];
  const added: CaseChange[] = [];
  for (const [id, outcome] of after) {
    const old = before.get(id);
    const now = stateOf(outcome);
    if (old === undefined) {
      added.push({ id, after: now });
      continue;
    }
    const then = stateOf(old);
    if (now.passed && !then.passed) fixed.push({ id, before: then, after: now });
    if (!now.passed && then.passed) regressed.push({ id, before: then, after: now });
  }
  const removed = [...before.values()]
    .filter((outcome) => !after.has(outcome.id))
    .map((outcome) => ({ id: outcome.id, before: stateOf(outcome) }));
  return {
    previous: {
      dataset: String(previous.dataset),
      policy: String(previous.policy),
      startedAt: String(previous.startedAt),
      complete: previous.complete === true,
    },
    fixed,
    regressed,
    added,
    removed,
    deltas: metricDeltas(computeMetrics([...before.values()]), computeMetrics([...after.values()])),
  };
}

/** A state as a person reads it: `passed (allow)`, `missed (block)`, `error`. */
function describeState(state: CaseState | undefined): string {
  if (state === undefined) return "absent";
  if (state.status !== "done") return "error";
  return `${state.passed ? "passed" : "missed"} (${safeText(state.action ?? "?", 40)})`;
}

/** A value of a metric as a person reads it: ratios with three decimals, counts and milliseconds whole. */
export function formatMetricValue(unit: MetricDelta["unit"], value: number): string {
  return unit === "ratio" ? formatRatio(value) : String(Math.round(value));
}

/** How a metric moved: `=` when it did not, otherwise the signed change. */
export function formatMetricChange(delta: MetricDelta): string {
  const shown = formatMetricValue(delta.unit, delta.delta);
  if (/^-?0(\.0+)?$/.test(shown)) return "=";
  return delta.delta > 0 ? `+${shown}` : shown;
}

/** The most changed cases listed per kind. */
const MAX_LISTED_CHANGES = 50;

/** One kind of change, listed. */
function changeList(title: string, changes: CaseChange[], color: Style, style: Styler): string[] {
  if (changes.length === 0) return [];
  const lines = [style("bold", `${title} (${changes.length})`)];
  for (const change of changes.slice(0, MAX_LISTED_CHANGES)) {
    lines.push(
      `  ${style(color, safeText(change.id))}: ${describeState(change.before)} → ${describeState(change.after)}`,
    );
  }
  if (changes.length > MAX_LISTED_CHANGES) {
    lines.push(`  … and ${changes.length - MAX_LISTED_CHANGES} more`);
  }
  return lines;
}

/**
 * The comparison for the terminal: the counts of each kind of change, the cases (regressions
 * first), then a table of metric deltas with improvements in green and setbacks in red.
 */
export function renderComparison(comparison: Comparison, options: { color: boolean }): string {
  const style = stylerFor(options.color);
  const { fixed, regressed, added, removed } = comparison;
  const head = `${style("bold", "Compared with")} ${safeText(comparison.previous.dataset)} run of ${safeText(comparison.previous.startedAt, 40)}: ${fixed.length} fixed, ${regressed.length} regressed, ${added.length} new, ${removed.length} removed`;
  const rows = comparison.deltas.map((d) => {
    const better = d.higherIsBetter ? d.delta > 0 : d.delta < 0;
    const change = formatMetricChange(d);
    let changeStyle: Style = better ? "green" : "red";
    if (change === "=") changeStyle = "dim";
    return [
      safeText(d.name),
      { text: formatMetricValue(d.unit, d.before), right: true },
      { text: formatMetricValue(d.unit, d.after), right: true },
      { text: change, right: true, style: changeStyle },
    ];
  });
  const sections = [
    [head],
    changeList("Regressed", regressed, "red", style),
    changeList("Fixed", fixed, "green", style),
    changeList("New", added, "cyan", style),
    changeList("Removed", removed, "yellow", style),
    renderTable(
      [
        "metric",
        { text: "before", right: true },
        { text: "after", right: true },
        { text: "change", right: true },
      ],
      rows,
      style,
    ),
  ];
  return sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join("\n"))
    .join("\n\n");
}
