import {
  AnthaleValidationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  type APIError,
  APIUserAbortError,
} from "../base/errors.js";
import type { FetchLike } from "../base/types.js";
import { describeThrown } from "../support/describe-thrown.js";
import { clearDeadline, watchDeadline } from "./deadlines.js";
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

/** Whether `value` has what the SDK reads of a `Response`. */
function isResponseLike(value: unknown): value is Response {
  const response = value as Partial<Response> | null;
  return (
    typeof response?.status === "number" &&
    typeof (response.headers as Headers | undefined)?.get === "function"
  );
}

/** Reads a response's status, headers and body, capping the body (see {@link readLimitedText}). */
async function readResponse(response: Response): Promise<AttemptResponse> {
  const { status, headers } = response;
  const limit = status >= 200 && status < 300 ? MAX_RESULT_BYTES : MAX_ERROR_BODY_BYTES;
  const { text, truncated } = await readLimitedText(response, limit);
  const redirected = response.redirected === true || response.type === "opaqueredirect";
  return { status, headers, text, truncated, redirected };
}

function connectionError(cause: unknown): APIConnectionError {
  // Node's fetch wraps the reason (ECONNREFUSED...) in a "fetch failed" TypeError.
  const reason = (cause as { cause?: unknown } | null)?.cause;
  const detail = describeThrown(reason instanceof Error ? reason : cause);
  return new APIConnectionError(`Connection error: ${detail}`, { cause });
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
 * Sends the request once, with its own abort signal. Resolves (never rejects) to the response, or
 * to the error that ended the attempt: `APIConnectionTimeoutError` when `timeout` elapses (the
 * request, body included, is aborted, which closes its connection), `APIUserAbortError` as soon as
 * the caller's signal aborts, `APIConnectionError` when no response could be read, and an
 * `AnthaleValidationError` when `fetch` does not behave as one. It leaves no listener on the
 * caller's signal behind, and no deadline that keeps the process alive.
 */
export function sendAttempt(
  body: string,
  options: AttemptOptions,
): Promise<AttemptResponse | APIError | AnthaleValidationError> {
  const { signal, timeout } = options;
  const controller = new AbortController();
  return new Promise((resolve) => {
    let pending = true;
    const finish = (outcome: AttemptResponse | APIError | AnthaleValidationError) => {
      if (!pending) return;
      pending = false;
      clearDeadline(deadline);
      signal?.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onAbort = () => {
      controller.abort(signal?.reason);
      finish(new APIUserAbortError(undefined, { cause: signal?.reason }));
    };
    const deadline = watchDeadline(timeout, () => {
      const error = new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`);
      controller.abort(error);
      finish(error);
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    let sent: Promise<Response>;
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
    // The body is read inside the attempt, so the timeout covers it.
    Promise.resolve(sent).then(
      (response) =>
        isResponseLike(response)
          ? readResponse(response).then(finish, (cause: unknown) => finish(connectionError(cause)))
          : finish(brokenFetch(`resolved to ${response === null ? "null" : typeof response}`)),
      (cause: unknown) => finish(connectionError(cause)),
    );
  });
}
