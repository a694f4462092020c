// The test Anthale: an in-process fake of the Anthale API behind a `fetch` function. It reads each
// request as the API would, records it, asks the test's `decide` for an answer, and sends that
// answer back as the API does over HTTP (status, JSON body, `Request-Id`, `RateLimit-*`), so the
// SDK's own transport, checks and redaction run on it. No socket is opened and no timer is left.
import { Anthale, type ClientOptions } from "../core/anthale.js";
import { describeThrown } from "../support/describe-thrown.js";
import { type AnswerContext, type Reply, replyOf } from "./answer.js";
import { answerOf, type Decide, type TestDecision } from "./decide.js";
import {
  authenticationChallenge,
  errorReply,
  notFoundBody,
  unauthorizedBody,
  unprocessableBody,
} from "./error-answers.js";
import {
  type RecordedRequest,
  type RequestProblem,
  readEnforceRequest,
} from "./recorded-request.js";
import { TestAnthaleError } from "./test-anthale-error.js";

/** A policy identifier to use in tests: any UUID works, this one saves writing one. */
export const testPolicyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";

/** The API key the test Anthale expects unless told otherwise. */
export const testApiKey = "anthale-test-key";

/** The enforcer identifier of the test Anthale's results unless told otherwise. */
export const testEnforcerIdentifier = "8d7f3c2a-5b1e-4f6d-9a0c-3e2b1d4c5f6a";

/**
 * The base URL of `anthale.client`: a reserved `.test` name no real host has, so a request that
 * bypassed the test Anthale's `fetch` would fail instead of reaching the real API.
 */
export const testBaseURL = "https://api.anthale.test";

/** The rate-limit window the test Anthale reports in its `RateLimit-*` headers. */
export interface TestRateLimit {
  /** Requests allowed in the window (`RateLimit-Limit`); each request received uses one. */
  limit: number;
  /** Seconds until the window starts over (`RateLimit-Reset`). */
  reset: number;
}

/** Options of {@link createTestAnthale}. Every one is optional. */
export interface TestAnthaleOptions {
  /**
   * How each request is answered: a function of the request (see {@link Decide}), or one decision
   * for every request. Default: `allow()` for every request.
   */
  decide?: Decide | TestDecision;
  /**
   * The API key the fake accepts (any other is answered 401, as the API does) and
   * `anthale.client` is built with. Default {@link testApiKey}.
   */
  apiKey?: string;
  /** The `enforcerIdentifier` of its results. Default {@link testEnforcerIdentifier}. */
  enforcerIdentifier?: string;
  /** The window of its `RateLimit-*` headers. Default `{ limit: 1000, reset: 60 }`. */
  rateLimit?: TestRateLimit;
  /**
   * Options of `anthale.client`, on top of the test defaults: `baseURL` {@link testBaseURL},
   * `maxRetries: 0` (a retried 5xx or 429 really waits the SDK's backoff, so ask for retries only
   * where a test needs them) and `logLevel: "off"`.
   */
  clientOptions?: Omit<ClientOptions, "fetch" | "apiKey">;
}

/**
 * A `fetch` the SDK can send with (`new Anthale({ fetch })`), answered in-process by the test
 * Anthale. It takes what the global `fetch` takes.
 */
export type TestFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** An in-process fake of the Anthale API, for an application's tests. See {@link createTestAnthale}. */
export interface TestAnthale {
  /** The `fetch` that reaches this fake: pass it to `new Anthale({ fetch })`. */
  readonly fetch: TestFetch;
  /**
   * A client of this fake, ready for `PolicyEnforcer` and every integration: the test API key,
   * `fetch`, no retries and no logging unless `clientOptions` said otherwise.
   */
  readonly client: Anthale;
  /** Every enforce request received since creation or the last `reset()`, in order. */
  readonly requests: readonly RecordedRequest[];
  /**
   * The mistakes found while answering (a `redact` span absent from the request, a `decide` that
   * threw...), in order; each was also answered 400 with its message.
   */
  readonly errors: readonly TestAnthaleError[];
  /** The API key this fake accepts. */
  readonly apiKey: string;
  /**
   * Another client of this fake, with its own options on top of the same test defaults (for
   * example retries for one test).
   */
  createClient(options?: Omit<ClientOptions, "fetch" | "apiKey">): Anthale;
  /** Answers the next requests with `decide` instead, until `reset()`. */
  decideWith(decide: Decide | TestDecision): void;
  /**
   * Forgets the recorded requests and errors, starts the request count (and `sequence`s, and the
   * rate-limit window) over, and goes back to the `decide` given at creation.
   */
  reset(): void;
}

/** The `Request-Id` of the `n`th request: a UUID (version 4 form) that counts, for readable tests. */
function requestIdOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** The reply to a request the API would refuse before any policy runs: a 404 or a 422. */
function refusal(problem: RequestProblem): Reply {
  return problem.kind === "not-found"
    ? errorReply(404, notFoundBody, { message: problem.message })
    : errorReply(422, unprocessableBody, {
        message: problem.message,
        details: { field: problem.field },
      });
}

/** Whether `value` is a whole number from 0. */
function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Settles as `work` does, or rejects with the signal's reason as soon as it fires (the listener
 * removed either way), as `fetch` does when its request is aborted.
 */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Creates an in-process fake of the Anthale API. Its `fetch` (and the ready `client` built on it)
 * answers each enforce request as the API does over HTTP, with what `decide` returns for it
 * (`allow()`, `detect(...)`, `block(...)`, `redact(...)`, an error or an outage), and records the
 * request in `requests`. The SDK's real transport, checks and redaction run on every answer.
 * Nothing listens on a socket and nothing is left running between tests: it works the same under
 * vitest, jest and `node:test`.
 *
 * @example
 * ```ts
 * import { PolicyEnforcer } from "@anthale/sdk";
 * import { allow, block, createTestAnthale, testPolicyId } from "@anthale/sdk/testing";
 *
 * const anthale = createTestAnthale({
 *   decide: (request) =>
 *     request.text.includes("ignore previous instructions")
 *       ? block({ guardrail: "prompt-injection-protection" })
 *       : allow(),
 * });
 * const enforcer = new PolicyEnforcer({ policyId: testPolicyId, client: anthale.client });
 * await enforcer.enforce({ direction: "input", messages: [{ role: "user", content: "Hi" }] });
 * console.log(anthale.requests[0]?.direction); // "input"
 * ```
 */
export function createTestAnthale(options: TestAnthaleOptions = {}): TestAnthale {
  const apiKey = options.apiKey ?? testApiKey;
  const enforcerIdentifier = options.enforcerIdentifier ?? testEnforcerIdentifier;
  const rateWindow = options.rateLimit ?? { limit: 1000, reset: 60 };
  if (!isCount(rateWindow.limit) || !isCount(rateWindow.reset)) {
    throw new TestAnthaleError("rateLimit: limit and reset must be whole numbers from 0");
  }
  const initialDecide = options.decide ?? "allow";
  let decide = initialDecide;
  const requests: RecordedRequest[] = [];
  const errors: TestAnthaleError[] = [];
  // Requests received (enforce or not), for the `Request-Id` and the rate-limit window.
  let received = 0;

  /** The reply to an enforce request the API accepts: `decide`'s answer, or a 400 naming a mistake. */
  async function decidedReply(request: RecordedRequest, signal: AbortSignal | undefined) {
    try {
      const decision =
        typeof decide === "function" ? await decide(request, { call: requests.length }) : decide;
      const context: AnswerContext = { request, signal, enforcerIdentifier };
      return await replyOf(answerOf(decision), context);
    } catch (thrown) {
      if (signal?.aborted && thrown === signal.reason) throw thrown;
      const problem =
        thrown instanceof TestAnthaleError
          ? thrown
          : new TestAnthaleError(`decide failed: ${describeThrown(thrown)}`, { cause: thrown });
      errors.push(problem);
      return errorReply(400, {
        title: "Test Anthale error",
        machineCode: "TestAnthaleError",
        message: problem.message,
      });
    }
  }

  /** The HTTP response of a reply to the `n`th request. */
  function responseOf(reply: Reply & { kind: "response" }, n: number): Response {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "request-id": requestIdOf(n),
    };
    if (reply.status < 500) {
      headers["ratelimit-limit"] = String(rateWindow.limit);
      headers["ratelimit-remaining"] = String(Math.max(0, rateWindow.limit - n));
      headers["ratelimit-reset"] = String(rateWindow.reset);
    }
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { ...headers, ...reply.headers },
    });
  }

  const fetch: TestFetch = async (input, init) => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    if (signal?.aborted) throw signal.reason;
    // Read without the signal: the fake races it itself, and leaves no listener behind.
    const request = new Request(input, { ...init, signal: null });
    const n = ++received;
    const bodyText = await request.text();
    const parts = readEnforceRequest(request.method, request.url, request.headers, bodyText);
    let reply: Reply;
    if ("kind" in parts) {
      reply = refusal(parts);
    } else {
      const recorded: RecordedRequest = { ...parts, requestId: requestIdOf(n) };
      requests.push(recorded);
      // As the API does, a wrong key is refused before the policy runs.
      reply =
        request.headers.get("authorization") === `Bearer ${apiKey}`
          ? await abortable(decidedReply(recorded, signal), signal)
          : errorReply(401, unauthorizedBody, {}, authenticationChallenge);
    }
    if (reply.kind === "network-failure") throw reply.error;
    return responseOf(reply, n);
  };

  const createClient = (clientOptions: Omit<ClientOptions, "fetch" | "apiKey"> = {}) =>
    new Anthale({
      baseURL: testBaseURL,
      maxRetries: 0,
      logLevel: "off",
      ...clientOptions,
      apiKey,
      fetch,
    });

  return {
    fetch,
    client: createClient(options.clientOptions),
    requests,
    errors,
    apiKey,
    createClient,
    decideWith(next) {
      decide = next;
    },
    reset() {
      requests.length = 0;
      errors.length = 0;
      received = 0;
      decide = initialDecide;
    },
  };
}
