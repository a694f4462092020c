// Sending the enforce request: one attempt after another, retried with backoff while the failure
// is worth another attempt, every error scrubbed of the client's secrets before it is logged or
// thrown.
import {
  AnthaleValidationError,
  APIError,
  APIUserAbortError,
  RedirectError,
} from "../base/errors.js";
import type { Logger } from "../support/log.js";
import type { Scrubber } from "../support/secrets.js";
import { type AttemptOptions, type AttemptResponse, sendAttempt } from "./attempt.js";
import { redactHeaders } from "./headers.js";
import { responseFailure } from "./response-error.js";
import { isRetryableStatus, parseRetryAfter, retryDelay } from "./retry.js";
import { scrubAPIError } from "./scrub-error.js";
import { sleep } from "./sleep.js";

/** What {@link SendObserver.retry} is told before a retry. */
export interface RetryNotice {
  /** The number of the attempt that failed (1 for the first). */
  attempt: number;
  /** Milliseconds waited before the next attempt. */
  delayMs: number;
  /** Why the attempt failed, scrubbed. */
  error: APIError;
}

/** Told how a call goes, attempt by attempt (the span of the call listens). */
export interface SendObserver {
  /** An attempt starts: 1 for the first. */
  attempt(number: number): void;
  /** The current attempt got an answer with this status (any status). */
  answered(status: number): void;
  /** The current attempt failed and another follows after a wait. */
  retry(notice: RetryNotice): void;
}

/** What one call needs to send the enforce request with retries and timeouts. */
export interface SendOptions extends AttemptOptions {
  log: Logger;
  maxRetries: number;
  /** Whether debug lines are wanted (they are not built otherwise). */
  debug?: boolean;
  /** Takes the client's secrets out of every error before it is logged or thrown. */
  scrubber: Scrubber;
  /** Told of each attempt, answer and retry, when the call is traced. */
  observer?: SendObserver | undefined;
}

/**
 * Whether a failure is worth another attempt: no response at all (a connection error or a
 * timeout), or a retryable status (408, 409, 429, 5xx). A redirect never is, whatever page it led
 * to, and neither is the caller's abort.
 */
function isRetryable(failure: APIError): boolean {
  if (failure instanceof RedirectError || failure instanceof APIUserAbortError) return false;
  return failure.status === undefined || isRetryableStatus(failure.status);
}

/** The caller's abort, its reason scrubbed like any other cause. */
function userAbort(reason: unknown, scrubber: Scrubber): APIError {
  return scrubAPIError(new APIUserAbortError(undefined, { cause: reason }), scrubber);
}

/**
 * Sends the enforce request (`body`, already serialized), retrying connection errors, timeouts,
 * 408, 409, 429 and 5xx up to `maxRetries` times with exponential backoff (or the server's
 * `Retry-After`). Resolves with the first 2xx response, its body as text; rejects with the
 * matching `APIError` subclass otherwise, scrubbed, and at once with `APIUserAbortError` when the
 * caller's signal aborts, even between attempts.
 */
export async function sendEnforceRequest(
  body: string,
  options: SendOptions,
): Promise<AttemptResponse> {
  const { log, signal, debug, scrubber, observer } = options;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw userAbort(signal.reason, scrubber);
    observer?.attempt(retry + 1);
    const started = debug ? Date.now() : 0;
    if (debug) {
      log.debug(`POST ${options.url}`, {
        attempt: retry + 1,
        headers: redactHeaders(options.headers),
      });
    }
    const outcome = await sendAttempt(body, options);
    if (outcome instanceof AnthaleValidationError) throw outcome;
    let failure: APIError | undefined;
    // The wait the server asked for, read once for the error and for the backoff.
    let retryAfterMs: number | undefined;
    if (outcome instanceof APIError) {
      failure = outcome;
    } else {
      const { status, headers } = outcome;
      observer?.answered(status);
      if (debug) {
        log.debug(`answered ${status} in ${Date.now() - started} ms`, {
          requestId: headers.get("request-id") ?? undefined,
        });
      }
      if (status >= 300) retryAfterMs = parseRetryAfter(headers.get("retry-after"));
      failure = responseFailure(outcome, retryAfterMs, scrubber);
      if (!failure) return outcome;
    }
    const scrubbed = scrubAPIError(failure, scrubber);
    if (!isRetryable(failure) || retry >= options.maxRetries) throw scrubbed;
    const delay = retryDelay(retry, retryAfterMs);
    observer?.retry({ attempt: retry + 1, delayMs: delay, error: scrubbed });
    log.warn(
      `${scrubbed.message}; retrying in ${Math.round(delay)} ms (retry ${retry + 1} of ${options.maxRetries})`,
    );
    try {
      await sleep(delay, signal);
    } catch (cause) {
      throw userAbort(cause, scrubber);
    }
  }
}
