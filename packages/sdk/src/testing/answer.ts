// What a test answer is: an opaque value built by the kit's builders, which the test Anthale turns
// into the HTTP reply to one request (a response, or a network failure).
import type { RecordedRequest } from "./recorded-request.js";

/**
 * An answer of the test Anthale, built by one of the kit's builders (`allow()`, `block(...)`,
 * `rateLimited()`, `latency(...)`...) and returned by `decide`. It is resolved against the request
 * it answers only when that request arrives (so `redact` can find its spans there).
 *
 * @example
 * ```ts
 * const answer: TestAnswer = block({ guardrail: "prompt-injection-protection" });
 * const anthale = createTestAnthale({ decide: () => answer });
 * ```
 */
export interface TestAnswer {
  /** What the answer is, such as `block(prompt-injection-protection)`, for messages. */
  readonly description: string;
}

/** What an answer is resolved with: the request, its abort signal and the fake's identity. */
export interface AnswerContext {
  /** The request being answered. */
  readonly request: RecordedRequest;
  /** The request's abort signal: a waiting answer stops (and clears its timer) when it fires. */
  readonly signal: AbortSignal | undefined;
  /** The enforcer identifier a result carries. */
  readonly enforcerIdentifier: string;
}

/** The HTTP reply an answer stands for: a response, or a failure before any response. */
export type Reply =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly body: unknown;
      /** Headers of this answer, on top of `Request-Id`, `Content-Type` and `RateLimit-*`. */
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: "network-failure"; readonly error: unknown };

/** Resolves an answer against one request. */
type Producer = (context: AnswerContext) => Reply | Promise<Reply>;

const producers = new WeakMap<TestAnswer, Producer>();

/** A new answer, described by `description`, that `produce` resolves against each request. */
export function defineAnswer(description: string, produce: Producer): TestAnswer {
  const answer: TestAnswer = Object.freeze({ description });
  producers.set(answer, produce);
  return answer;
}

/** Whether `value` is an answer built by the kit. */
export function isTestAnswer(value: unknown): value is TestAnswer {
  return typeof value === "object" && value !== null && producers.has(value as TestAnswer);
}

/** The reply `answer` stands for, for the request of `context`. */
export async function replyOf(answer: TestAnswer, context: AnswerContext): Promise<Reply> {
  const produce = producers.get(answer);
  if (!produce) throw new TypeError("Not an answer built by @anthale/sdk/testing");
  return produce(context);
}
