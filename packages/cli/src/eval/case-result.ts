// The shapes the parts of an evaluation run share: a dataset case, what happened to it, and the
// results file that holds a whole run (read back by `--resume` and `--compare`).
import type { Direction, EnforceAction, Message, Metadata } from "@anthale/sdk";

/** What a case expects of the policy. Every field is optional: a case labels what it knows. */
export interface CaseExpectation {
  /** The actions that count as right (a dataset may give one action or a list). */
  action?: EnforceAction[];
  /** Guardrail key (for example `prompt-injection-protection`) to whether it should trigger. */
  guardrails?: Record<string, boolean>;
  /** Strings that must not survive: none may appear in what the application would forward. */
  redacted?: string[];
}

/** One case of a dataset, validated and normalized. */
export interface EvalCase {
  /** The case's id, unique in the dataset. */
  id: string;
  /** The 1-based line of the dataset file the case comes from. */
  line: number;
  /** Which side of the model the messages are on. */
  direction: Direction;
  /** The conversation to enforce the policy on (a `text` case becomes one user message). */
  messages: Message[];
  /** Metadata sent with the request. */
  metadata?: Metadata;
  /** What the case expects. */
  expect: CaseExpectation;
}

/** One guardrail's verdict on a case, from the result's evaluations. */
export interface GuardrailVerdict {
  /** The guardrail's key. */
  key: string;
  /** The action the guardrail suggests. */
  action: string;
  /** Whether it triggered: it suggested anything but `allow`. */
  triggered: boolean;
  /** The guardrail's confidence, when it gave one. */
  score?: number;
}

/** What happened to one case. */
export interface CaseOutcome {
  /** The case's id. */
  id: string;
  /** The case's direction. */
  direction: Direction;
  /** What the case expected. */
  expected: CaseExpectation;
  /** `"done"` when the policy answered, `"error"` when the case could not be evaluated. */
  status: "done" | "error";
  /** The policy's action (absent on error). */
  action?: EnforceAction;
  /** Each guardrail's verdict (empty on error). */
  guardrails: GuardrailVerdict[];
  /** The result's raw evaluations, as the server sent them (absent on error). */
  evaluations?: unknown[];
  /**
   * The `expect.redacted` strings that survived: they appear in what the application would
   * forward (the messages on allow and detect, `redactedMessages` on a complete redact, nothing on
   * block or an incomplete redact).
   */
  survived: string[];
  /**
   * Whether the application would forward anything after the decision: false on block, on an
   * incomplete redact and on an action the SDK does not know (absent on error).
   */
  forwarded?: boolean;
  /** Whether every expectation of the case held (false on error). */
  passed: boolean;
  /** Why the case missed, one line each (empty when it passed). */
  failures: string[];
  /** Milliseconds the enforce call took, retries and rate-limit waits excluded. */
  latencyMs: number;
  /** The response's request id. */
  requestId?: string;
  /** On error: one line saying what went wrong (never a secret). */
  error?: string;
}

/** The results file of a run (`results.json`). */
export interface RunResults {
  /** The file format's version. */
  version: 1;
  /** The dataset file the run read. */
  dataset: string;
  /** The policy evaluated. */
  policy: string;
  /** When the run started (ISO 8601). */
  startedAt: string;
  /** When the run ended or was interrupted (ISO 8601). */
  finishedAt: string;
  /** Whether every case of the dataset has an outcome (false after an interruption). */
  complete: boolean;
  /** One outcome per finished case, in dataset order. */
  cases: CaseOutcome[];
}
