import {
  AnthaleValidationError,
  APIConnectionError,
  APIError,
  APIUserAbortError,
  RedirectError,
  ResponseTooLargeError,
} from "../base/errors.js";
import type { Logger } from "../support/log.js";
import type { Scrubber } from "../support/secrets.js";
import { type AttemptOptions, type AttemptResponse, sendAttempt } from "./attempt.js";
import { headersToObject, redactHeaders } from "./headers.js";
import { MAX_RESULT_BYTES } from "./read-body.js";
import { isRetryableStatus, parseRetryAfter, retryDelay } from "./retry.js";
import { scrubAPIError } from "./scrub-error.js";
import { sleep } from "./sleep.js";

/** What one call needs to send the enforce request with retries and timeouts. */
export interface SendOptions extends AttemptOptions {
  log: Logger;
  maxRetries: number;
  /** Whether debug lines are wanted (they are not built otherwise). */
  debug?: boolean;
  /** Takes the client's secrets out of every error before it is logged or thrown. */
  scrubber: Scrubber;
}

function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The error a response stands for, or `undefined` for a 2xx answer that can be read as a result:
 * a redirect (followed by a custom `fetch` or not) is a {@link RedirectError}, a 2xx over
 * {@link MAX_RESULT_BYTES} an {@link InvalidResponseError}, any other status its `APIError`.
 */
function failureOf(
  { status, headers, text, truncated, redirected }: AttemptResponse,
  scrubber: Scrubber,
) {
  const fields = headersToObject(headers);
  if (redirected || (status >= 300 && status < 400)) {
    const location = originOf(headers.get("location"));
    return new RedirectError(
      `Anthale answered with a redirect (${redirected ? "followed by fetch" : status}${location ? ` to ${location}` : ""}), which the SDK never follows; check baseURL.`,
      { status, headers: fields },
    );
  }
  if (status < 200) {
    // What `Response.error()` stands for: a network error, reported by a custom fetch.
    return new APIConnectionError(`Connection error: fetch answered status ${status}.`, {
      status,
    });
  }
  if (status < 300) {
    if (!truncated) return undefined;
    return new ResponseTooLargeError(
      `Anthale answered ${status} with a body larger than ${MAX_RESULT_BYTES} bytes, not a policy enforcement result.`,
      { status, headers: fields },
    );
  }
  // A cut body may end with the start of a secret the cut went through: that end is dropped.
  const kept = truncated ? scrubber.truncatedText(text) : text;
  return APIError.fromResponse(status, parseErrorBody(kept), fields);
}

/** The origin of a URL (never its path or query, which may hold tokens), when it is one. */
function originOf(location: string | null): string | undefined {
  try {
    return location ? new URL(location).origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends the enforce request (`body`, already serialized), retrying connection errors, timeouts,
 * 408, 409, 429 and 5xx up to `maxRetries` times with exponential backoff (or the server's
 * `Retry-After`). Resolves with the first 2xx response, its body as text; rejects with the
 * matching `APIError` subclass otherwise.
 */
export async function sendEnforceRequest(
  body: string,
  options: SendOptions,
): Promise<AttemptResponse> {
  const { log, signal, debug } = options;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    const started = Date.now();
    if (debug) {
      log.debug(`POST ${options.url}`, {
        attempt: retry + 1,
        headers: redactHeaders(options.headers),
      });
    }
    const outcome = await sendAttempt(body, options);
    let failure: APIError;
    let retryAfterMs: number | undefined;
    if (outcome instanceof AnthaleValidationError) throw outcome;
    if (outcome instanceof APIUserAbortError) throw scrubAPIError(outcome, options.scrubber);
    if (!(outcome instanceof APIError)) {
      const { status, headers } = outcome;
      if (debug) {
        log.debug(`answered ${status} in ${Date.now() - started} ms`, {
          requestId: headers.get("request-id") ?? undefined,
        });
      }
      const problem = failureOf(outcome, options.scrubber);
      if (!problem) return outcome;
      failure = scrubAPIError(problem, options.scrubber);
      // A redirect followed to a 5xx or 429 page is still a redirect: never retried.
      if (problem instanceof RedirectError || !isRetryableStatus(status)) throw failure;
      retryAfterMs = parseRetryAfter(headers.get("retry-after"));
    } else {
      failure = scrubAPIError(outcome, options.scrubber);
    }
    if (retry >= options.maxRetries) throw failure;
    const delay = retryDelay(retry, retryAfterMs);
    log.warn(
      `${failure.message}; retrying in ${Math.round(delay)} ms (retry ${retry + 1} of ${options.maxRetries})`,
    );
    try {
      await sleep(delay, signal);
    } catch (cause) {
      throw new APIUserAbortError(undefined, { cause });
    }
  }
}
