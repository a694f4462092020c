// The builders of policy decisions: `allow()`, `detect(...)`, `block(...)` and `redact(...)`, each
// answering 200 with a body the contract accepts, its evaluations pointing at the request it
// answers (and left out when the request did not ask for them, as the API does).
import type {
  ContentSafetyGuardrailCategory,
  DataLeakageGuardrailCategory,
  DataLeakageThread,
  PolicyEnforcementResult,
} from "@anthale/client";
import {
  contentSafetyGuardrailCategoryValues,
  dataLeakageGuardrailCategoryValues,
} from "@anthale/client/contract";
import type { KnownAction } from "../base/types.js";
import { type AnswerContext, defineAnswer, type Reply, type TestAnswer } from "./answer.js";
import { locateSpan } from "./locate-spans.js";
import type { RecordedRequest } from "./recorded-request.js";
import { TestAnthaleError } from "./test-anthale-error.js";

/** One evaluation of a result, as the contract types it. */
type Evaluation = NonNullable<PolicyEnforcementResult["evaluations"]>[number];

/** The guardrails the contract knows, by the key their evaluations carry. */
export type GuardrailKey =
  | "prompt-injection-protection"
  | "content-moderation"
  | "data-leakage-prevention"
  | "topic-control";

const guardrailKeys: readonly GuardrailKey[] = [
  "prompt-injection-protection",
  "content-moderation",
  "data-leakage-prevention",
  "topic-control",
];

/** What every flagging guardrail takes: a score and the message it flags. */
export interface FlagBase {
  /** Confidence, from 0 to 1. Default 0.9 for `detect`, 0.98 for `block`. */
  score?: number;
  /**
   * Index of the flagged message in the request. Default: the last message (its last content
   * block is flagged).
   */
  message?: number;
}

/** A flag of the prompt injection guardrail, on a message. */
export interface PromptInjectionFlag extends FlagBase {
  /** The guardrail. */
  guardrail: "prompt-injection-protection";
}

/** A flag of the content moderation guardrail, on a message. */
export interface ContentModerationFlag extends FlagBase {
  /** The guardrail. */
  guardrail: "content-moderation";
  /** The category of unsafe content. Default `"violence"`. */
  category?: ContentSafetyGuardrailCategory;
}

/** A flag of the topic control guardrail, on a message. */
export interface TopicControlFlag extends FlagBase {
  /** The guardrail. */
  guardrail: "topic-control";
  /** The topic found. Default `"Off-topic"`. */
  topic?: string;
}

/** A flag of the data leakage guardrail, on a span found in the request like {@link redact}'s. */
export interface DataLeakageFlag {
  /** The guardrail. */
  guardrail: "data-leakage-prevention";
  /** The text that leaked, exactly as it occurs in the request (every occurrence is flagged). */
  span: string;
  /** Its kind (`"email"`, `"phone"`...). */
  category: DataLeakageGuardrailCategory;
  /** Confidence, from 0 to 1. Default 0.9 for `detect`, 0.98 for `block`. */
  score?: number;
}

/**
 * Which guardrail a {@link detect} or {@link block} comes from, with what it flags: a message for
 * prompt injection, content moderation and topic control, a span for data leakage.
 */
export type FlagOptions =
  | PromptInjectionFlag
  | ContentModerationFlag
  | TopicControlFlag
  | DataLeakageFlag;

/** One span {@link redact} hides. */
export interface RedactSpan {
  /** The text to hide, exactly as it occurs in the request (every occurrence is flagged). */
  span: string;
  /** Its kind (`"email"`, `"phone"`...); the SDK's placeholder is `[REDACTED:<category>]`. */
  category: DataLeakageGuardrailCategory;
  /** Confidence, from 0 to 1. Default 0.97. */
  score?: number;
}

/** Throws unless `score` is a number from 0 to 1 (or left out), and returns it or `fallback`. */
function checkScore(score: unknown, fallback: number, where: string): number {
  if (score === undefined) return fallback;
  if (typeof score !== "number" || !(score >= 0 && score <= 1)) {
    throw new TestAnthaleError(`${where}: score must be a number from 0 to 1`);
  }
  return score;
}

/** Throws unless `value` is one of `allowed`. */
function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (!allowed.some((entry) => entry === value)) {
    throw new TestAnthaleError(`${where} must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/** Throws unless `span` is a non-empty string. */
function checkSpan(span: unknown, where: string): string {
  if (typeof span !== "string" || span === "") {
    throw new TestAnthaleError(`${where}: span must be a non-empty string`);
  }
  return span;
}

/** A 200 answer with `action` and, when the request asked for them, `evaluations`. */
function resultReply(
  action: KnownAction,
  evaluations: Evaluation[],
  { request, enforcerIdentifier }: AnswerContext,
): Reply {
  const body: PolicyEnforcementResult = { enforcerIdentifier, action };
  if (request.includeEvaluations) body.evaluations = evaluations;
  return { kind: "response", status: 200, body };
}

/** The place a flag points at: the message asked for (checked), else the last; its last block. */
function flaggedPlace(request: RecordedRequest, message: unknown, where: string) {
  const count = request.messages.length;
  const messageIdentifier = message === undefined ? count - 1 : message;
  if (
    typeof messageIdentifier !== "number" ||
    !Number.isInteger(messageIdentifier) ||
    messageIdentifier < 0 ||
    messageIdentifier >= count
  ) {
    throw new TestAnthaleError(
      `${where}: message must be the index of a message of the request (0 to ${count - 1})`,
    );
  }
  const content = request.messages[messageIdentifier]?.content;
  const contentIdentifier = typeof content === "string" || !content ? 0 : content.length - 1;
  return { messageIdentifier, contentIdentifier };
}

/** The data-leakage threads of `spans`, one per occurrence in the request. */
function leakThreads(
  request: RecordedRequest,
  spans: readonly Required<RedactSpan>[],
  where: string,
): DataLeakageThread[] {
  return spans.flatMap(({ span, category, score }, index) => {
    const label = `${where}: span ${index + 1} of ${spans.length} (${category}, ${span.length} characters)`;
    return locateSpan(request.messages, span, label).map((place) => ({
      category,
      score,
      span,
      ...place,
    }));
  });
}

/** A `detect` or `block` answer from one guardrail, its options checked at once. */
function flagAnswer(action: "detect" | "block", options: FlagOptions): TestAnswer {
  const where = `${action}()`;
  if (options === null || typeof options !== "object") {
    throw new TestAnthaleError(`${where} takes { guardrail, ... }`);
  }
  const guardrail = checkOneOf(options.guardrail, guardrailKeys, `${where}: guardrail`);
  const score = checkScore(options.score, action === "block" ? 0.98 : 0.9, where);
  let evaluationOf: (request: RecordedRequest) => Evaluation;
  if (options.guardrail === "data-leakage-prevention") {
    const span: Required<RedactSpan> = {
      span: checkSpan(options.span, where),
      category: checkOneOf(
        options.category,
        dataLeakageGuardrailCategoryValues,
        `${where}: category`,
      ),
      score,
    };
    evaluationOf = (request) => ({
      guardrailKey: "data-leakage-prevention",
      action,
      score,
      threads: leakThreads(request, [span], where),
    });
  } else if (options.guardrail === "content-moderation") {
    const category = checkOneOf(
      options.category ?? "violence",
      contentSafetyGuardrailCategoryValues,
      `${where}: category`,
    );
    evaluationOf = (request) => ({
      guardrailKey: "content-moderation",
      action,
      score,
      threads: [{ category, score, ...flaggedPlace(request, options.message, where) }],
    });
  } else if (options.guardrail === "topic-control") {
    const topic = options.topic ?? "Off-topic";
    if (typeof topic !== "string") throw new TestAnthaleError(`${where}: topic must be a string`);
    evaluationOf = (request) => ({
      guardrailKey: "topic-control",
      action,
      score,
      threads: [{ topic, score, ...flaggedPlace(request, options.message, where) }],
    });
  } else {
    const { message } = options;
    evaluationOf = (request) => ({
      guardrailKey: "prompt-injection-protection",
      action,
      score,
      threads: [{ score, ...flaggedPlace(request, message, where) }],
    });
  }
  return defineAnswer(`${action}(${guardrail})`, (context) =>
    resultReply(action, [evaluationOf(context.request)], context),
  );
}

/**
 * The policy allows the conversation: 200 with `action: "allow"` and no guardrail flagging
 * anything (an empty `evaluations` list when the request asked for evaluations).
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => allow() });
 * const result = await anthale.client.organizations.policies.enforce(testPolicyId, params);
 * expect(result.action).toBe("allow");
 * ```
 */
export function allow(): TestAnswer {
  return defineAnswer("allow()", (context) => resultReply("allow", [], context));
}

/**
 * The policy lets the conversation through but one guardrail flagged it: 200 with
 * `action: "detect"` and that guardrail's evaluation, pointing at the last message (or
 * `message`), or at the span for `data-leakage-prevention`.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({
 *   decide: (request) =>
 *     request.text.includes("election") ? detect({ guardrail: "topic-control", topic: "Politics" }) : allow(),
 * });
 * ```
 */
export function detect(options: FlagOptions): TestAnswer {
  return flagAnswer("detect", options);
}

/**
 * The policy blocks the conversation: 200 with `action: "block"` and the evaluation of the
 * guardrail that blocked, pointing at the last message (or `message`), or at the span for
 * `data-leakage-prevention`. `PolicyEnforcer` and the integrations throw
 * `AnthalePolicyViolationError` on it.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({
 *   decide: () => block({ guardrail: "prompt-injection-protection", score: 0.99 }),
 * });
 * await expect(guardedCall()).rejects.toBeInstanceOf(AnthalePolicyViolationError);
 * ```
 */
export function block(options: FlagOptions): TestAnswer {
  return flagAnswer("block", options);
}

/**
 * The policy redacts spans of the conversation: 200 with `action: "redact"` and a data-leakage
 * evaluation with one thread per occurrence of each span in the request, its message and content
 * indexes computed from the request. The SDK then builds `redactedMessages`, each span replaced
 * by `[REDACTED:<category>]`. A span that occurs nowhere in the request is a
 * {@link TestAnthaleError}, never a silently invalid answer. A request that did not ask for
 * evaluations gets what the API gives it, a result without them, which the SDK reports as an
 * incomplete redaction (`redaction.problem: "no-spans"`).
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({
 *   decide: () => redact({ span: "jane.doe@example.com", category: "email" }),
 * });
 * const result = await anthale.client.organizations.policies.enforce(testPolicyId, {
 *   direction: "input",
 *   messages: [{ role: "user", content: "Write to jane.doe@example.com" }],
 * });
 * expect(result.redactedMessages).toEqual([{ role: "user", content: "Write to [REDACTED:email]" }]);
 * ```
 */
export function redact(...spans: RedactSpan[]): TestAnswer {
  if (spans.length === 0) {
    throw new TestAnthaleError("redact() needs at least one { span, category } to hide");
  }
  const checked = spans.map((given, index): Required<RedactSpan> => {
    const where = `redact(): span ${index + 1} of ${spans.length}`;
    if (given === null || typeof given !== "object") {
      throw new TestAnthaleError(`${where} must be { span, category }`);
    }
    return {
      span: checkSpan(given.span, where),
      category: checkOneOf(
        given.category,
        dataLeakageGuardrailCategoryValues,
        `${where}: category`,
      ),
      score: checkScore(given.score, 0.97, where),
    };
  });
  const score = Math.max(...checked.map((span) => span.score));
  const categories = checked.map((span) => span.category).join(", ");
  return defineAnswer(`redact(${categories})`, (context) => {
    const threads = leakThreads(context.request, checked, "redact()");
    const evaluation: Evaluation = {
      guardrailKey: "data-leakage-prevention",
      action: "redact",
      score,
      threads,
    };
    return resultReply("redact", [evaluation], context);
  });
}
