// The CI gates of `anthale eval`: a minimum F1 for every labelled guardrail, a minimum accuracy,
// and no regression against a previous run. A gate that cannot be evaluated fails.
import type { Comparison } from "./compare.js";
import type { EvalMetrics } from "./metrics.js";
import { formatRatio, safeText } from "./text-style.js";

/** What the gates are asked to check. */
export interface GateInput {
  /** The run's metrics. */
  metrics: EvalMetrics;
  /** The comparison with a previous run, when `--compare` was given. */
  comparison?: Comparison;
  /** `--min-f1`: the lowest F1 accepted for each guardrail the dataset labels, in [0, 1]. */
  minF1?: number;
  /** `--min-accuracy`: the lowest action accuracy accepted, in [0, 1]. */
  minAccuracy?: number;
  /** `--fail-on-regression`: fail when a case that passed in the previous run does not now. */
  failOnRegression: boolean;
}

/** The verdict of the gates. */
export interface GateResult {
  /** Whether every gate asked for passed (true when none was asked for). */
  passed: boolean;
  /** Why each failing gate failed, one line each. */
  reasons: string[];
}

/**
 * Tolerance of the threshold comparisons, so a metric that is the threshold up to floating-point
 * rounding (an F1 of 0.8999999999999999 against `--min-f1 0.9`) passes.
 */
const EPSILON = 1e-9;

/** The most case ids named in a regression reason. */
const MAX_NAMED_IDS = 10;

/** Throws when a threshold is not a number in [0, 1]: flags are checked before this, so it is a bug. */
function checkThreshold(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a number from 0 to 1, got ${String(value)}.`);
  }
}

/**
 * Evaluates the gates asked for:
 * - `minF1` applies to EVERY guardrail the dataset labels (each must reach it on its own); it
 *   fails when the dataset labels no guardrail, since there is nothing to measure;
 * - `minAccuracy` applies to the action accuracy (errors count as misses); it fails when no case
 *   labels an action;
 * - `failOnRegression` fails when a case regressed, and when there is no comparison to look at.
 * Thresholds are compared with a tolerance of 1e-9.
 */
export function evaluateGates(input: GateInput): GateResult {
  checkThreshold("minF1", input.minF1);
  checkThreshold("minAccuracy", input.minAccuracy);
  const reasons: string[] = [];
  const { metrics, minF1, minAccuracy } = input;
  if (minF1 !== undefined) {
    if (metrics.guardrails.length === 0) {
      reasons.push(`--min-f1 ${minF1}: the dataset labels no guardrail, so no F1 can be measured`);
    }
    for (const g of metrics.guardrails) {
      if (g.f1 < minF1 - EPSILON) {
        reasons.push(
          `--min-f1 ${minF1}: guardrail ${safeText(g.key, 80)} has F1 ${formatRatio(g.f1)} (precision ${formatRatio(g.precision)}, recall ${formatRatio(g.recall)}, support ${g.support})`,
        );
      }
    }
  }
  if (minAccuracy !== undefined) {
    if (metrics.actions.labelled === 0) {
      reasons.push(`--min-accuracy ${minAccuracy}: no case labels an expected action`);
    } else if (metrics.actions.accuracy < minAccuracy - EPSILON) {
      reasons.push(
        `--min-accuracy ${minAccuracy}: accuracy is ${formatRatio(metrics.actions.accuracy)} (${metrics.actions.correct} of ${metrics.actions.labelled})`,
      );
    }
  }
  if (input.failOnRegression) {
    const regressed = input.comparison?.regressed;
    if (regressed === undefined) {
      reasons.push("--fail-on-regression: there is no previous run to compare with (--compare)");
    } else if (regressed.length > 0) {
      const ids = regressed.slice(0, MAX_NAMED_IDS).map((c) => safeText(c.id, 60));
      const more =
        regressed.length > MAX_NAMED_IDS ? `, and ${regressed.length - MAX_NAMED_IDS} more` : "";
      reasons.push(
        `--fail-on-regression: ${regressed.length} case${regressed.length === 1 ? "" : "s"} regressed: ${ids.join(", ")}${more}`,
      );
    }
  }
  return { passed: reasons.length === 0, reasons };
}
