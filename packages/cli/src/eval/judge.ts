// Judges one case: reads the guardrails' verdicts from the policy's answer, checks each of the
// case's expectations (action, guardrails, strings that must not survive) and says why it missed.
import type { EnforceResult } from "@anthale/sdk";
import type { CaseExpectation, CaseOutcome, EvalCase, GuardrailVerdict } from "./case-result.js";
import { oneLine, quote } from "./one-line.js";
import { forwardedMessages, survivingStrings } from "./survival.js";

/** The most characters of an error message kept in an outcome. */
const MAX_ERROR_LENGTH = 500;

/** Whether a parsed JSON value is an object other than an array. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** How strongly an action acts, to keep the strongest when a guardrail is listed twice. */
function strength(action: string): number {
  const known: Record<string, number> = { allow: 0, detect: 1, redact: 2, block: 3 };
  // An action this CLI does not know is treated as a block, as the SDK does.
  return known[action] ?? 3;
}

/**
 * One verdict per guardrail, in the order the guardrails first appear in the evaluations. The
 * entries are read warily: one without a string `guardrailKey` is skipped (a labelled guardrail
 * then counts as missing); one whose `action` is not a string counts as triggered with the action
 * `"(none)"`; a score that is not a finite number is left out. A guardrail listed more than once
 * keeps its strongest action (`block` > `redact` > `detect` > `allow`, an unknown action counting as
 * `block`) and its highest score, so a duplicate entry can never hide a trigger.
 */
export function readVerdicts(evaluations: readonly unknown[] | undefined): GuardrailVerdict[] {
  const byKey = new Map<string, GuardrailVerdict>();
  for (const entry of evaluations ?? []) {
    if (!isRecord(entry) || typeof entry.guardrailKey !== "string") continue;
    const action = typeof entry.action === "string" ? entry.action : "(none)";
    const score =
      typeof entry.score === "number" && Number.isFinite(entry.score) ? entry.score : undefined;
    const verdict: GuardrailVerdict = {
      key: entry.guardrailKey,
      action,
      triggered: action !== "allow",
      ...(score === undefined ? {} : { score }),
    };
    const earlier = byKey.get(verdict.key);
    if (earlier === undefined) {
      byKey.set(verdict.key, verdict);
      continue;
    }
    const stronger = strength(verdict.action) > strength(earlier.action) ? verdict : earlier;
    const scores = [earlier.score, verdict.score].filter((s): s is number => s !== undefined);
    byKey.set(verdict.key, {
      key: verdict.key,
      action: stronger.action,
      triggered: earlier.triggered || verdict.triggered,
      ...(scores.length === 0 ? {} : { score: Math.max(...scores) }),
    });
  }
  return [...byKey.values()];
}

/** A verdict as a person reads it: its action, and its score when it gave one. */
function describeVerdict(verdict: GuardrailVerdict): string {
  const score = verdict.score === undefined ? "" : ` (score ${verdict.score})`;
  return `${quote(verdict.action)}${score}`;
}

/** Why the action missed, or nothing when it is one the case accepts (or the case names none). */
function checkAction(expected: CaseExpectation, action: string): string[] {
  const accepted = expected.action ?? [];
  if (accepted.length === 0 || accepted.includes(action)) return [];
  const wanted = accepted.map((a) => quote(a)).join(" or ");
  return [`action: expected ${wanted}, got ${quote(action)}`];
}

/** Why each labelled guardrail missed: absent from the evaluations, or the wrong way round. */
function checkGuardrails(expected: CaseExpectation, verdicts: GuardrailVerdict[]): string[] {
  const failures: string[] = [];
  for (const [key, shouldTrigger] of Object.entries(expected.guardrails ?? {})) {
    const verdict = verdicts.find((v) => v.key === key);
    if (verdict === undefined) {
      failures.push(`guardrail ${quote(key)}: labelled, but not in the evaluations`);
    } else if (verdict.triggered !== shouldTrigger) {
      const should = shouldTrigger ? "should trigger" : "should not trigger";
      failures.push(`guardrail ${quote(key)}: ${should}, suggested ${describeVerdict(verdict)}`);
    }
  }
  return failures;
}

/** Why each string that survived is a miss. */
function describeSurvivors(survived: string[], action: string): string[] {
  return survived.map(
    (text) => `redaction: ${quote(text)} would be forwarded (action ${quote(action)})`,
  );
}

/**
 * Judges a case the policy answered. The verdicts come from `result.evaluations` (see
 * {@link readVerdicts}); the case passes when every expectation it states holds:
 * - `expect.action`: the policy's action is one of those listed;
 * - `expect.guardrails`: each labelled guardrail is in the evaluations and triggered (suggested
 *   anything but `allow`) exactly when the label says it should;
 * - `expect.redacted`: none of the strings survives in what the application would forward (see
 *   {@link forwardedMessages} and {@link survivingStrings}).
 *
 * Each failure is one line, quoting only the case's own labels and what the server answered for
 * this case (escaped and cut short), never the request's credentials.
 */
export function judgeCase(
  evalCase: EvalCase,
  result: EnforceResult,
  latencyMs: number,
): CaseOutcome {
  const action = String(result.action);
  const guardrails = readVerdicts(result.evaluations);
  const forwarded = forwardedMessages(evalCase.messages, result);
  const survived = survivingStrings(evalCase.expect.redacted ?? [], forwarded);
  const failures = [
    ...checkAction(evalCase.expect, action),
    ...checkGuardrails(evalCase.expect, guardrails),
    ...describeSurvivors(survived, action),
  ];
  return {
    id: evalCase.id,
    direction: evalCase.direction,
    expected: evalCase.expect,
    status: "done",
    action,
    guardrails,
    ...(Array.isArray(result.evaluations) ? { evaluations: [...result.evaluations] } : {}),
    survived,
    forwarded: forwarded !== null,
    passed: failures.length === 0,
    failures,
    latencyMs,
    ...(typeof result.requestId === "string" ? { requestId: result.requestId } : {}),
  };
}

/**
 * The outcome of a case that could not be evaluated (the request failed for good). It does not
 * pass; `error` and its one failure line hold `message` flattened to one line and cut to
 * {@link MAX_ERROR_LENGTH} characters. The message is the caller's: it must already be free of
 * secrets (the SDK's error messages are).
 */
export function errorOutcome(evalCase: EvalCase, message: string, latencyMs: number): CaseOutcome {
  const error = oneLine(message, MAX_ERROR_LENGTH) || "unknown error";
  return {
    id: evalCase.id,
    direction: evalCase.direction,
    expected: evalCase.expect,
    status: "error",
    guardrails: [],
    survived: [],
    passed: false,
    failures: [`error: ${error}`],
    latencyMs,
    error,
  };
}
