// The numbers of a run: action confusion matrix and accuracy, per-guardrail precision, recall and
// F1, redaction recall, latency percentiles, and the cases that missed or failed. Every ratio is
// defined when its denominator is 0, so no metric is ever NaN.
import type { CaseOutcome } from "../eval/case-result.js";

/** One row of the action confusion matrix: the cases that expect one set of actions. */
interface ConfusionRow {
  /** The actions the row's cases accept, in canonical order (one for most rows). */
  expected: string[];
  /** The row's label: the actions joined with ` or ` (`"block or redact"`). */
  label: string;
  /** How many of the row's cases got each actual action, one entry per column, in order. */
  counts: Record<string, number>;
  /** How many of the row's cases could not be evaluated. */
  errors: number;
  /** How many of the row's cases got an action the row accepts. */
  correct: number;
  /** How many cases the row has. */
  total: number;
}

/** The action confusion matrix (expected × actual) and the accuracy it gives. */
interface ActionMetrics {
  /** The rows: one per distinct set of accepted actions, single actions first. */
  rows: ConfusionRow[];
  /**
   * The columns: the four known actions, then any other action the server answered. Errors have
   * their own count on each row, so no action a server answers can be mistaken for one.
   */
  columns: string[];
  /** Cases that label an action (errors included). */
  labelled: number;
  /** Of those, cases whose action is one they accept. */
  correct: number;
  /** `correct / labelled`, or 1 when no case labels an action. */
  accuracy: number;
}

/** How one labelled guardrail did. Only cases that completed and label it are counted. */
interface GuardrailMetrics {
  /** The guardrail's key. */
  key: string;
  /** Cases labelling it (as should trigger or should not). */
  labelled: number;
  /** Cases labelling it as should trigger: the positives. */
  support: number;
  /** Labelled to trigger, and triggered. */
  truePositives: number;
  /** Labelled not to trigger, and triggered. */
  falsePositives: number;
  /** Labelled to trigger, and did not (or was missing from the evaluations). */
  falseNegatives: number;
  /** Labelled not to trigger, and did not (or was missing). */
  trueNegatives: number;
  /** Labelled cases whose evaluations did not include the guardrail at all. */
  missing: number;
  /** `TP / (TP + FP)`; 1 when it never triggered on a labelled case (it made no wrong claim). */
  precision: number;
  /** `TP / (TP + FN)`; 1 when no labelled case should trigger it (there was nothing to find). */
  recall: number;
  /** The harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
}

/** How the strings that must not survive fared, over the cases that completed. */
interface RedactionMetrics {
  /** Strings listed in `expect.redacted` (a string listed twice counts twice). */
  flagged: number;
  /** Of those, strings that do not appear in what the application would forward. */
  hidden: number;
  /**
   * Of the hidden ones, those hidden because nothing at all would be forwarded (a `block`, an
   * incomplete `redact` or an unknown action) rather than by a redaction or by being absent.
   */
  withheld: number;
  /** `hidden / flagged`, or 1 when no string is flagged. */
  recall: number;
}

/** Latency of the enforce calls of the cases that completed (errors left out). */
interface LatencyMetrics {
  /** How many latencies were measured. */
  count: number;
  /** The median, nearest-rank; 0 without any measure. */
  p50Ms: number;
  /** The 95th percentile, nearest-rank; 0 without any measure. */
  p95Ms: number;
  /** The slowest; 0 without any measure. */
  maxMs: number;
}

/** A case that completed but missed one of its expectations. */
interface MissedCase {
  /** The case's id. */
  id: string;
  /** Why it missed, one line each. */
  failures: string[];
}

/** A case that could not be evaluated. */
interface ErroredCase {
  /** The case's id. */
  id: string;
  /** What went wrong, one line. */
  error: string;
}

/** Everything the summary, the reports and the gates need to know about a run. */
export interface EvalMetrics {
  /** Cases in the run. */
  cases: number;
  /** Cases the policy answered. */
  completed: number;
  /** Completed cases that met every expectation. */
  passed: number;
  /** Cases that could not be evaluated. */
  errors: number;
  /** The action confusion matrix and accuracy. */
  actions: ActionMetrics;
  /** One entry per guardrail a completed case labels, by key. */
  guardrails: GuardrailMetrics[];
  /** Redaction recall. */
  redaction: RedactionMetrics;
  /** Latency percentiles. */
  latency: LatencyMetrics;
  /** The completed cases that missed, in run order. */
  missed: MissedCase[];
  /** The cases that errored, in run order. */
  errored: ErroredCase[];
}

/** The actions the contract names, in the order tables show them. */
const KNOWN_ACTIONS = ["allow", "detect", "redact", "block"] as const;

/** `numerator / denominator`, or `whenEmpty` when the denominator is 0. */
function ratio(numerator: number, denominator: number, whenEmpty: number): number {
  return denominator === 0 ? whenEmpty : numerator / denominator;
}

/** Orders two strings by their code units, the same way on every machine (no locale). */
function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Sorts actions the known ones first in their order, then the others alphabetically. */
function compareActions(a: string, b: string): number {
  const rank = (action: string) => {
    const index = (KNOWN_ACTIONS as readonly string[]).indexOf(action);
    return index === -1 ? KNOWN_ACTIONS.length : index;
  };
  return rank(a) - rank(b) || compareText(a, b);
}

/**
 * The confusion matrix. A case that accepts several actions has its own row, labelled with all of
 * them (`"redact or block"`), rather than being folded into one action's row: the table then shows
 * exactly what each case accepted. Its cell is counted correct when the action is any of them.
 * An error is counted in the row's `errors` and is never correct, so errors lower the accuracy.
 */
function actionMetrics(cases: CaseOutcome[]): ActionMetrics {
  const rows = new Map<string, ConfusionRow>();
  const extraColumns = new Set<string>();
  for (const outcome of cases) {
    const accepted = [...new Set(outcome.expected.action ?? [])].sort(compareActions);
    if (accepted.length === 0) continue;
    const label = accepted.join(" or ");
    const row = rows.get(label) ?? {
      expected: accepted,
      label,
      counts: {},
      errors: 0,
      correct: 0,
      total: 0,
    };
    rows.set(label, row);
    row.total += 1;
    if (outcome.status !== "done") {
      row.errors += 1;
      continue;
    }
    const actual = String(outcome.action);
    if (!(KNOWN_ACTIONS as readonly string[]).includes(actual)) extraColumns.add(actual);
    row.counts[actual] = (row.counts[actual] ?? 0) + 1;
    if (accepted.includes(actual)) row.correct += 1;
  }
  const sortedRows = [...rows.values()].sort(
    (a, b) =>
      a.expected.length - b.expected.length ||
      a.expected.reduce(
        (order, action, i) => order || compareActions(action, b.expected[i] ?? ""),
        0,
      ),
  );
  const columns = [...KNOWN_ACTIONS, ...[...extraColumns].sort(compareActions)];
  for (const row of sortedRows) {
    row.counts = Object.fromEntries(columns.map((column) => [column, row.counts[column] ?? 0]));
  }
  const labelled = sortedRows.reduce((sum, row) => sum + row.total, 0);
  const correct = sortedRows.reduce((sum, row) => sum + row.correct, 0);
  return { rows: sortedRows, columns, labelled, correct, accuracy: ratio(correct, labelled, 1) };
}

/**
 * Precision, recall and F1 of each guardrail a completed case labels, sorted by key. A guardrail
 * missing from a case's evaluations counts as not triggered there (and in `missing`).
 */
function guardrailMetrics(cases: CaseOutcome[]): GuardrailMetrics[] {
  const byKey = new Map<string, GuardrailMetrics>();
  for (const outcome of cases) {
    if (outcome.status !== "done") continue;
    for (const [key, shouldTrigger] of Object.entries(outcome.expected.guardrails ?? {})) {
      const m = byKey.get(key) ?? {
        key,
        labelled: 0,
        support: 0,
        truePositives: 0,
        falsePositives: 0,
        falseNegatives: 0,
        trueNegatives: 0,
        missing: 0,
        precision: 0,
        recall: 0,
        f1: 0,
      };
      byKey.set(key, m);
      const verdict = outcome.guardrails.find((v) => v.key === key);
      const triggered = verdict?.triggered === true;
      m.labelled += 1;
      if (verdict === undefined) m.missing += 1;
      if (shouldTrigger) {
        m.support += 1;
        if (triggered) m.truePositives += 1;
        else m.falseNegatives += 1;
      } else if (triggered) m.falsePositives += 1;
      else m.trueNegatives += 1;
    }
  }
  const all = [...byKey.values()].sort((a, b) => compareText(a.key, b.key));
  for (const m of all) {
    m.precision = ratio(m.truePositives, m.truePositives + m.falsePositives, 1);
    m.recall = ratio(m.truePositives, m.support, 1);
    m.f1 = ratio(2 * m.precision * m.recall, m.precision + m.recall, 0);
  }
  return all;
}

/**
 * Whether nothing at all would be forwarded after this case's answer. Results written before
 * outcomes recorded `forwarded` fall back to the action: anything but allow, detect and redact.
 */
function forwardsNothing(outcome: CaseOutcome): boolean {
  if (outcome.forwarded !== undefined) return !outcome.forwarded;
  return outcome.action !== "allow" && outcome.action !== "detect" && outcome.action !== "redact";
}

/** Redaction recall over the completed cases. */
function redactionMetrics(cases: CaseOutcome[]): RedactionMetrics {
  let flagged = 0;
  let hidden = 0;
  let withheld = 0;
  for (const outcome of cases) {
    if (outcome.status !== "done") continue;
    const listed = outcome.expected.redacted ?? [];
    const hiddenHere = Math.max(0, listed.length - outcome.survived.length);
    flagged += listed.length;
    hidden += hiddenHere;
    if (forwardsNothing(outcome)) withheld += hiddenHere;
  }
  return { flagged, hidden, withheld, recall: ratio(hidden, flagged, 1) };
}

/** The nearest-rank percentile of sorted values: the smallest value with `p` of them at or below. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

/** Latency percentiles over the completed cases with a finite, non-negative latency. */
function latencyMetrics(cases: CaseOutcome[]): LatencyMetrics {
  const values = cases
    .filter((o) => o.status === "done" && Number.isFinite(o.latencyMs) && o.latencyMs >= 0)
    .map((o) => o.latencyMs)
    .sort((a, b) => a - b);
  return {
    count: values.length,
    p50Ms: percentile(values, 0.5),
    p95Ms: percentile(values, 0.95),
    maxMs: values.at(-1) ?? 0,
  };
}

/**
 * Computes the metrics of a run's outcomes. Definitions, including each one's value when its
 * denominator is 0, are on the fields of {@link EvalMetrics}; in short: errors count against
 * accuracy but are left out of the guardrail, redaction and latency figures (they have no
 * verdict), and are listed in `errored`.
 */
export function computeMetrics(cases: CaseOutcome[]): EvalMetrics {
  const completed = cases.filter((o) => o.status === "done");
  return {
    cases: cases.length,
    completed: completed.length,
    passed: completed.filter((o) => o.passed).length,
    errors: cases.length - completed.length,
    actions: actionMetrics(cases),
    guardrails: guardrailMetrics(cases),
    redaction: redactionMetrics(cases),
    latency: latencyMetrics(cases),
    missed: completed.filter((o) => !o.passed).map((o) => ({ id: o.id, failures: o.failures })),
    errored: cases
      .filter((o) => o.status !== "done")
      .map((o) => ({ id: o.id, error: o.error ?? "unknown error" })),
  };
}
