// The builders of error answers, one per status the SDK tells apart: each answers with the
// contract's error envelope (`{ error: { title, machineCode, message, details? } }`) and the
// headers the API sends with it (`Retry-After` on 429, `WWW-Authenticate` on 401).
import type { AnthaleErrorResponse } from "@anthale/client";
import { defineAnswer, type Reply, type TestAnswer } from "./answer.js";
import { TestAnthaleError } from "./test-anthale-error.js";

/** What an error answer may say instead of its defaults. */
export interface ErrorAnswerOptions {
  /** The error body's `message`. */
  message?: string;
  /** The error body's `title`. */
  title?: string;
  /** The error body's `machineCode`. */
  machineCode?: string;
  /** The error body's `details`. */
  details?: Record<string, unknown> | null;
  /** Headers to send with the answer, on top of the usual ones. */
  headers?: Record<string, string>;
}

/** Options of {@link rateLimited} and {@link serviceUnavailable}. */
export interface RetryAfterOptions extends ErrorAnswerOptions {
  /**
   * Seconds the client should wait before another attempt, sent as `Retry-After` (a whole number
   * from 0). Default 1 for {@link rateLimited}; left out by default for {@link serviceUnavailable}.
   * The SDK waits that long before a retry: keep it at 0 in tests that retry.
   */
  retryAfter?: number;
}

/** Defaults of one status's error body. */
export interface ErrorDefaults {
  title: string;
  machineCode: string;
  message: string;
}

/** Throws unless `retryAfter` is a whole number from 0 (or left out). */
function checkRetryAfter(retryAfter: unknown, where: string): number | undefined {
  if (retryAfter === undefined) return undefined;
  if (typeof retryAfter !== "number" || !Number.isSafeInteger(retryAfter) || retryAfter < 0) {
    throw new TestAnthaleError(`${where}: retryAfter must be a whole number of seconds from 0`);
  }
  return retryAfter;
}

/**
 * The reply of an error answer of `status`: the envelope of `defaults` overridden by `options`,
 * with `headers` and the headers of `options`. The test Anthale answers its own refusals (a wrong
 * key, path or body, a mistake in the test) with it too.
 */
export function errorReply(
  status: number,
  defaults: ErrorDefaults,
  options: ErrorAnswerOptions = {},
  headers: Record<string, string> = {},
): Reply {
  const body: AnthaleErrorResponse = {
    error: {
      title: options.title ?? defaults.title,
      machineCode: options.machineCode ?? defaults.machineCode,
      message: options.message ?? defaults.message,
      ...(options.details === undefined ? {} : { details: options.details }),
    },
  };
  return { kind: "response", status, body, headers: { ...headers, ...options.headers } };
}

/** An error answer, described by `description`, that always replies {@link errorReply}'s. */
function errorAnswer(
  description: string,
  status: number,
  defaults: ErrorDefaults,
  options: ErrorAnswerOptions = {},
  headers: Record<string, string> = {},
): TestAnswer {
  const reply = errorReply(status, defaults, options, headers);
  return defineAnswer(description, () => reply);
}

/** The error body of a 401, which the test Anthale also sends on its own to a wrong API key. */
export const unauthorizedBody: ErrorDefaults = {
  title: "Unauthorized",
  machineCode: "Unauthorized",
  message: "Authentication is required to access this resource.",
};
/** The error body of a 404, which the test Anthale also sends on its own to another path. */
export const notFoundBody: ErrorDefaults = {
  title: "Not Found",
  machineCode: "NotFound",
  message: "No policy has this identifier.",
};
/** The error body of a 422, which the test Anthale also sends on its own to a body it refuses. */
export const unprocessableBody: ErrorDefaults = {
  title: "Unprocessable Entity",
  machineCode: "ValidationError",
  message: "The request body is not valid.",
};
/** The `WWW-Authenticate` challenge of a 401. */
export const authenticationChallenge = { "www-authenticate": "Bearer" };

/**
 * 401: the API key is missing, invalid or disabled. The SDK throws `AuthenticationError`, in both
 * fail modes (a configuration mistake is no outage).
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => unauthorized() });
 * await expect(enforce()).rejects.toBeInstanceOf(AuthenticationError);
 * ```
 */
export function unauthorized(options?: ErrorAnswerOptions): TestAnswer {
  return errorAnswer("unauthorized()", 401, unauthorizedBody, options, authenticationChallenge);
}

/**
 * 403: the key may not use this policy. The SDK throws `PermissionDeniedError`, in both fail modes.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => forbidden() });
 * await expect(enforce()).rejects.toBeInstanceOf(PermissionDeniedError);
 * ```
 */
export function forbidden(options?: ErrorAnswerOptions): TestAnswer {
  return errorAnswer(
    "forbidden()",
    403,
    {
      title: "Forbidden",
      machineCode: "Forbidden",
      message: "This API key may not enforce this policy.",
    },
    options,
  );
}

/**
 * 404: no policy has this identifier. The SDK throws `NotFoundError`, in both fail modes.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => notFound() });
 * await expect(enforce()).rejects.toBeInstanceOf(NotFoundError);
 * ```
 */
export function notFound(options?: ErrorAnswerOptions): TestAnswer {
  return errorAnswer("notFound()", 404, notFoundBody, options);
}

/**
 * 422: the API refused the request's content. The SDK throws `UnprocessableEntityError`, in both
 * fail modes.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({
 *   decide: () => unprocessable({ details: { field: "messages", reason: "too long" } }),
 * });
 * await expect(enforce()).rejects.toBeInstanceOf(UnprocessableEntityError);
 * ```
 */
export function unprocessable(options?: ErrorAnswerOptions): TestAnswer {
  return errorAnswer("unprocessable()", 422, unprocessableBody, options);
}

/**
 * 429: the rate limit was exceeded, with `Retry-After` (1 second unless `retryAfter` says
 * otherwise) and `RateLimit-Remaining: 0`. The SDK retries it (after that wait) up to
 * `maxRetries` times, then throws `RateLimitError` (its `retryAfter` in seconds), an outage for
 * the fail mode.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => rateLimited({ retryAfter: 30 }) });
 * const error = await enforce().catch((caught) => caught);
 * expect(error).toBeInstanceOf(RateLimitError);
 * expect(error.retryAfter).toBe(30);
 * ```
 */
export function rateLimited(options: RetryAfterOptions = {}): TestAnswer {
  const retryAfter = checkRetryAfter(options.retryAfter, "rateLimited()") ?? 1;
  return errorAnswer(
    "rateLimited()",
    429,
    {
      title: "TooManyRequests",
      machineCode: "TooManyRequestsError",
      message: "Rate limit exceeded. Please try again later.",
    },
    options,
    { "retry-after": String(retryAfter), "ratelimit-remaining": "0" },
  );
}

/**
 * 500: something went wrong on Anthale's side. The SDK retries it, then throws
 * `InternalServerError`, an outage for the fail mode.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => serverError() });
 * await expect(enforce()).rejects.toBeInstanceOf(InternalServerError);
 * ```
 */
export function serverError(options?: ErrorAnswerOptions): TestAnswer {
  return errorAnswer(
    "serverError()",
    500,
    {
      title: "Internal Server Error",
      machineCode: "InternalServerError",
      message: "An unexpected error occurred.",
    },
    options,
  );
}

/**
 * 502: a gateway in front of Anthale got no valid answer. The SDK retries it, then throws
 * `InternalServerError` (status 502), an outage for the fail mode.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => badGateway() });
 * ```
 */
export function badGateway(options?: ErrorAnswerOptions): TestAnswer {
  return errorAnswer(
    "badGateway()",
    502,
    { title: "Bad Gateway", machineCode: "BadGateway", message: "The upstream server failed." },
    options,
  );
}

/**
 * 503: Anthale is unavailable for a while, with `Retry-After` when `retryAfter` is given. The SDK
 * retries it, then throws `InternalServerError` (status 503), an outage for the fail mode.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => serviceUnavailable() });
 * const enforcer = new PolicyEnforcer({ policyId: testPolicyId, client: anthale.client, failMode: "open" });
 * expect(isFailedOpen(await enforcer.enforce({ direction: "input", messages }))).toBe(true);
 * ```
 */
export function serviceUnavailable(options: RetryAfterOptions = {}): TestAnswer {
  const retryAfter = checkRetryAfter(options.retryAfter, "serviceUnavailable()");
  return errorAnswer(
    "serviceUnavailable()",
    503,
    {
      title: "Service Unavailable",
      machineCode: "ServiceUnavailable",
      message: "The service is temporarily unavailable.",
    },
    options,
    retryAfter === undefined ? {} : { "retry-after": String(retryAfter) },
  );
}

/**
 * An error answer of any status from 400 to 599, for the ones without a builder of their own
 * (409, 413, 504...): the error envelope with the given fields (or generic ones).
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => httpError(409, { message: "Try again." }) });
 * await expect(enforce()).rejects.toBeInstanceOf(ConflictError);
 * ```
 */
export function httpError(status: number, options?: ErrorAnswerOptions): TestAnswer {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new TestAnthaleError("httpError(): status must be a whole number from 400 to 599");
  }
  return errorAnswer(
    `httpError(${status})`,
    status,
    {
      title: `Error ${status}`,
      machineCode: `Http${status}`,
      message: `Anthale answered ${status}.`,
    },
    options,
  );
}
