// Reads a case outcome back from a results file or a journal (`--compare`, `--resume`): a file
// may be old, hand-edited or hostile, so every field is checked and a malformed one is replaced
// by a safe value, so the report modules never meet a value of the wrong type.
import type { CaseExpectation, CaseOutcome, GuardrailVerdict } from "./case-result.js";

/** Whether a parsed JSON value is an object other than an array. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The strings of a list (anything else in it dropped); an empty list when it is not one. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** An expectation, keeping only well-typed fields. */
function readExpectation(value: unknown): CaseExpectation {
  if (!isRecord(value)) return {};
  const expectation: CaseExpectation = {};
  const action = strings(value.action);
  if (action.length > 0) expectation.action = action;
  if (isRecord(value.guardrails)) {
    const guardrails = Object.entries(value.guardrails).filter(
      (entry): entry is [string, boolean] => typeof entry[1] === "boolean",
    );
    if (guardrails.length > 0) expectation.guardrails = Object.fromEntries(guardrails);
  }
  const redacted = strings(value.redacted);
  if (redacted.length > 0) expectation.redacted = redacted;
  return expectation;
}

/** The verdicts of a list, keeping the well-typed ones. */
function readVerdicts(value: unknown): GuardrailVerdict[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): GuardrailVerdict[] => {
    if (!isRecord(entry) || typeof entry.key !== "string" || typeof entry.action !== "string") {
      return [];
    }
    const score = entry.score;
    return [
      {
        key: entry.key,
        action: entry.action,
        triggered:
          typeof entry.triggered === "boolean" ? entry.triggered : entry.action !== "allow",
        ...(typeof score === "number" && Number.isFinite(score) ? { score } : {}),
      },
    ];
  });
}

/**
 * The outcome a parsed JSON value holds, or `undefined` when it has no usable id (a string, or a
 * whole number, read as its decimal string). Every other field is checked and, when malformed,
 * replaced by what keeps the outcome honest: a `status` other than `"done"` is an error, a
 * `"done"` outcome without a string `action` is an error too (there is nothing to judge), `passed`
 * holds only when it is `true` on a done outcome, lists drop entries of the wrong type, and a
 * latency that is not a finite, non-negative number becomes 0.
 */
export function readOutcome(value: unknown): CaseOutcome | undefined {
  if (!isRecord(value)) return undefined;
  const id =
    typeof value.id === "number" && Number.isSafeInteger(value.id) ? String(value.id) : value.id;
  if (typeof id !== "string" || id === "") return undefined;
  const done = value.status === "done" && typeof value.action === "string";
  const latency = value.latencyMs;
  const outcome: CaseOutcome = {
    id,
    direction: value.direction === "output" ? "output" : "input",
    expected: readExpectation(value.expected),
    status: done ? "done" : "error",
    guardrails: done ? readVerdicts(value.guardrails) : [],
    survived: done ? strings(value.survived) : [],
    passed: done && value.passed === true,
    failures: strings(value.failures),
    latencyMs:
      typeof latency === "number" && Number.isFinite(latency) && latency >= 0 ? latency : 0,
  };
  if (done) {
    outcome.action = value.action as string;
    if (typeof value.forwarded === "boolean") outcome.forwarded = value.forwarded;
    if (Array.isArray(value.evaluations)) outcome.evaluations = value.evaluations;
  } else {
    outcome.error = typeof value.error === "string" ? value.error : "no outcome recorded";
  }
  if (typeof value.requestId === "string") outcome.requestId = value.requestId;
  if (!outcome.passed && outcome.failures.length === 0) {
    outcome.failures = [done ? "missed (no reason recorded)" : `error: ${outcome.error}`];
  }
  if (outcome.passed) outcome.failures = [];
  return outcome;
}
