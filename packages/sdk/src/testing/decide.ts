// What `decide` may return and how it becomes an answer: a builder's answer, an action's name, or
// a whole result body sent as given; and `sequence`, which answers requests in turn.
import type { KnownAction } from "../base/types.js";
import { defineAnswer, isTestAnswer, type TestAnswer } from "./answer.js";
import type { RecordedRequest } from "./recorded-request.js";
import { allow, block, detect } from "./results.js";
import { TestAnthaleError } from "./test-anthale-error.js";

/**
 * A policy enforcement result to send as it is (status 200), for answers no builder makes: several
 * evaluations, an action a newer API may add, extra fields. `enforcerIdentifier` is filled in when
 * left out. Nothing else is checked or added: `evaluations` is sent even when the request did not
 * ask for them, and a body the contract refuses reaches the SDK as it is.
 */
export interface ResultBody {
  /** The policy's action. */
  action: string;
  /** The enforcer identifier; the test Anthale's own when left out. */
  enforcerIdentifier?: string;
  /** The guardrails' evaluations, sent as given. */
  evaluations?: unknown[];
  /** Any other field, sent as given. */
  [field: string]: unknown;
}

/**
 * What `decide` returns for a request: an answer built by the kit (`allow()`, `block(...)`,
 * `rateLimited()`...), the name of an action (`"allow"`; `"detect"` as topic control; `"block"` as
 * prompt injection protection; `"redact"` needs its spans, so use `redact(...)`), or a
 * {@link ResultBody} sent as given.
 */
export type TestDecision = TestAnswer | Exclude<KnownAction, "redact"> | ResultBody;

/** What `decide` is told besides the request. */
export interface DecideContext {
  /**
   * The number of this request among the enforce requests recorded since the fake was created or
   * reset, from 1: its index in `anthale.requests`, plus one.
   */
  readonly call: number;
}

/**
 * Decides how the test Anthale answers one request, synchronously or not.
 *
 * @example
 * ```ts
 * const decide: Decide = (request) =>
 *   request.text.includes("ignore previous instructions")
 *     ? block({ guardrail: "prompt-injection-protection" })
 *     : allow();
 * ```
 */
export type Decide = (
  request: RecordedRequest,
  context: DecideContext,
) => TestDecision | Promise<TestDecision>;

/** Whether a value is an object other than an array. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The answer a decision stands for; a value that is no decision is a {@link TestAnthaleError}. */
export function answerOf(decision: unknown): TestAnswer {
  if (isTestAnswer(decision)) return decision;
  if (decision === "allow") return allow();
  if (decision === "detect") return detect({ guardrail: "topic-control" });
  if (decision === "block") return block({ guardrail: "prompt-injection-protection" });
  if (decision === "redact") {
    throw new TestAnthaleError(
      'decide returned "redact", which needs the spans to hide: return redact({ span, category })',
    );
  }
  if (isRecord(decision) && typeof decision.action === "string") {
    const body = decision;
    return defineAnswer(`result(${body.action})`, ({ enforcerIdentifier }) => ({
      kind: "response",
      status: 200,
      body: { enforcerIdentifier, ...body },
    }));
  }
  const shown = typeof decision === "string" ? `"${decision}"` : typeof decision;
  throw new TestAnthaleError(
    `decide returned ${decision === null ? "null" : shown}: return an answer such as allow(), the name of an action, or a result body with an action`,
  );
}

/**
 * A `decide` that answers the first request with the first decision, the second with the second,
 * and every later one with the last: for retries (`sequence(serviceUnavailable(), allow())`) and
 * for an input check followed by an output check (`sequence(allow(), block({ ... }))`).
 * It counts the requests it answers itself, so it may be given with `decideWith` at any point, and
 * starts over when the test Anthale is reset.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({
 *   decide: sequence(serviceUnavailable(), allow()),
 *   clientOptions: { maxRetries: 1 },
 * });
 * ```
 */
export function sequence(...decisions: TestDecision[]): Decide {
  if (decisions.length === 0) {
    throw new TestAnthaleError("sequence() needs at least one decision");
  }
  let answered = 0;
  return (_request, { call }) => {
    // The fake's first request since it was created or reset: start over.
    if (call === 1) answered = 0;
    answered++;
    return decisions[Math.min(answered, decisions.length) - 1] as TestDecision;
  };
}
