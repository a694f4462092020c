// One attempt at the enforce request: sent with its own abort signal and its own timer, its body
// read within its timeout, and ended at once by the caller's signal.
import {
  AnthaleValidationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  type APIError,
  APIUserAbortError,
} from "../base/errors.js";
import type { FetchLike } from "../base/types.js";
import { describeThrown } from "../support/describe-thrown.js";
import { MAX_ERROR_BODY_BYTES, MAX_RESULT_BYTES, readLimitedText } from "./read-body.js";

/** What one attempt needs. */
export interface AttemptOptions {
  fetch: FetchLike;
  url: string;
  headers: Record<string, string>;
  /** Milliseconds the attempt may take, reading the body included. */
  timeout: number;
  /** The caller's signal: when it aborts, so does the request, and the attempt ends at once. */
  signal?: AbortSignal | undefined;
}

/** A response (any status) with its body read as text, up to the limit for its status. */
export interface AttemptResponse {
  status: number;
  headers: Headers;
  /** The body, cut at {@link MAX_RESULT_BYTES} (2xx) or {@link MAX_ERROR_BODY_BYTES} (other). */
  text: string;
  /** Whether the body was longer than its limit. */
  truncated: boolean;
  /**
   * Whether the response is, or came through, a redirect the SDK did not ask to follow: a custom
   * `fetch` may follow one despite `redirect: "manual"`, and a browser-style `fetch` reports one it
   * did not follow as an opaque response.
   */
  redirected: boolean;
}

/** How an attempt ended: a response, or the error that ended it. */
export type AttemptOutcome = AttemptResponse | APIError | AnthaleValidationError;

/** Longest delay one timer can hold: 2^31 - 1 ms, about 24.8 days. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * What the SDK reads of a response: a status, headers it can look up and list (the two uses it
 * makes of `Headers`), and a body, a redirect flag and a type that are checked where they are read.
 */
interface ResponseLike {
  status: number;
  headers: Headers;
  body?: unknown;
  redirected?: unknown;
  type?: unknown;
}

/** Whether `value` has what the SDK reads of a response (see {@link ResponseLike}). */
function isResponseLike(value: unknown): value is ResponseLike {
  if (value === null || typeof value !== "object") return false;
  if (!("status" in value) || typeof value.status !== "number" || !("headers" in value)) {
    return false;
  }
  const { headers } = value;
  return (
    headers !== null &&
    typeof headers === "object" &&
    "get" in headers &&
    typeof headers.get === "function" &&
    Symbol.iterator in headers
  );
}

/** Reads a response's status, headers and body, capping the body (see {@link readLimitedText}). */
async function readResponse(response: ResponseLike): Promise<AttemptResponse> {
  const { status, headers } = response;
  const limit = status >= 200 && status < 300 ? MAX_RESULT_BYTES : MAX_ERROR_BODY_BYTES;
  const { text, truncated } = await readLimitedText(response.body, limit);
  const redirected = response.redirected === true || response.type === "opaqueredirect";
  return { status, headers, text, truncated, redirected };
}

/** The error behind `cause`: Node's fetch wraps the reason (ECONNREFUSED...) in a TypeError. */
function reasonOf(cause: unknown): unknown {
  try {
    return cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  } catch {
    return cause;
  }
}

function connectionError(cause: unknown): APIConnectionError {
  return new APIConnectionError(`Connection error: ${describeThrown(reasonOf(cause))}`, { cause });
}

/**
 * The `fetch` given did not behave as one: it threw instead of returning a promise, or resolved to
 * something that is not a response. A configuration mistake, not an outage: never retried.
 */
function brokenFetch(problem: string): AnthaleValidationError {
  return new AnthaleValidationError(
    "options.fetch",
    `must return a promise of a Response, but it ${problem}`,
  );
}

/**
 * Sends the request once, with its own `AbortController` and its own timer. Resolves (never
 * rejects) to the response, or to the error that ended the attempt:
 * - `APIConnectionTimeoutError` when `timeout` elapses: the request, its body included, is
 *   aborted, which closes its connection;
 * - `APIUserAbortError` as soon as the caller's signal aborts (at once if it already has);
 * - `APIConnectionError` when no response could be read;
 * - `AnthaleValidationError` when `fetch` does not behave as one.
 * However it ends, its timer is cleared and its listener on the caller's signal removed.
 */
export function sendAttempt(body: string, options: AttemptOptions): Promise<AttemptOutcome> {
  const { signal, timeout } = options;
  const controller = new AbortController();
  return new Promise((resolve) => {
    let pending = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: AttemptOutcome) => {
      if (!pending) return;
      pending = false;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onAbort = () => {
      controller.abort(signal?.reason);
      finish(new APIUserAbortError(undefined, { cause: signal?.reason }));
    };
    const onTimeout = () => {
      const error = new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`);
      controller.abort(error);
      finish(error);
    };
    // One timer holds at most MAX_TIMER_DELAY_MS: a longer timeout is waited for in several.
    const wait = (remaining: number) => {
      timer =
        remaining > MAX_TIMER_DELAY_MS
          ? setTimeout(wait, MAX_TIMER_DELAY_MS, remaining - MAX_TIMER_DELAY_MS)
          : setTimeout(onTimeout, remaining);
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    wait(timeout);
    let sent: Promise<unknown>;
    try {
      // Redirects are never followed: the conversation and the key would go wherever they point.
      sent = options.fetch(options.url, {
        method: "POST",
        headers: options.headers,
        body,
        redirect: "manual",
        signal: controller.signal,
      });
    } catch (problem) {
      finish(brokenFetch(`threw ${describeThrown(problem)}`));
      return;
    }
    const onResponse = (response: unknown) => {
      if (!isResponseLike(response)) {
        finish(brokenFetch(`resolved to ${response === null ? "null" : typeof response}`));
        return;
      }
      // The body is read inside the attempt, so the timeout covers it.
      readResponse(response).then(finish, (cause: unknown) => finish(connectionError(cause)));
    };
    Promise.resolve(sent).then(onResponse, (cause: unknown) => finish(connectionError(cause)));
  });
}
