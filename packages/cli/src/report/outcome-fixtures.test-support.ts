// Builders of case outcomes and runs for the report modules' tests (not shipped: tests only).
import type { CaseOutcome, GuardrailVerdict, RunResults } from "../eval/case-result.js";

/** A completed, passing case; override any field. */
export function doneCase(overrides: Partial<CaseOutcome> & { id: string }): CaseOutcome {
  return {
    direction: "input",
    expected: {},
    status: "done",
    action: "allow",
    guardrails: [],
    survived: [],
    forwarded: true,
    passed: true,
    failures: [],
    latencyMs: 10,
    ...overrides,
  };
}

/** A case that could not be evaluated, its failure line made from its error as the judge does. */
export function errorCase(id: string, overrides: Partial<CaseOutcome> = {}): CaseOutcome {
  const error = overrides.error ?? "connection refused";
  return {
    id,
    direction: "input",
    expected: {},
    status: "error",
    guardrails: [],
    survived: [],
    passed: false,
    failures: [`error: ${error}`],
    latencyMs: 5,
    error,
    ...overrides,
  };
}

/** A guardrail verdict. */
export function verdict(key: string, action: string, score?: number): GuardrailVerdict {
  return { key, action, triggered: action !== "allow", ...(score === undefined ? {} : { score }) };
}

/** A complete run holding `cases`. */
export function run(cases: CaseOutcome[], overrides: Partial<RunResults> = {}): RunResults {
  return {
    version: 1,
    dataset: "cases.jsonl",
    policy: "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44",
    startedAt: "2026-11-29T10:00:00.000Z",
    finishedAt: "2026-11-29T10:00:05.000Z",
    complete: true,
    cases,
    ...overrides,
  };
}
