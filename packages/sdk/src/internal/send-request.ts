import { APIError, APIUserAbortError } from "../core/errors.js";
import { type AttemptOptions, type AttemptResponse, sendAttempt } from "./attempt.js";
import { headersToObject, redactHeaders } from "./headers.js";
import type { Logger } from "./log.js";
import { isRetryableStatus, parseRetryAfter, retryDelay } from "./retry.js";
import { sleep } from "./sleep.js";

/** What one call needs to send the enforce request with retries and timeouts. */
export interface SendOptions extends AttemptOptions {
  log: Logger;
  maxRetries: number;
  /** Whether debug lines are wanted (they are not built otherwise). */
  debug?: boolean;
}

function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
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
    let failure = outcome as APIError;
    let retryAfterMs: number | undefined;
    if (outcome instanceof APIUserAbortError) throw outcome;
    if (!(outcome instanceof APIError)) {
      const { status, headers } = outcome;
      if (debug) {
        log.debug(`answered ${status} in ${Date.now() - started} ms`, {
          requestId: headers.get("request-id") ?? undefined,
        });
      }
      if (status >= 200 && status < 300) return outcome;
      failure = APIError.fromResponse(
        status,
        parseErrorBody(outcome.text),
        headersToObject(headers),
      );
      if (!isRetryableStatus(status)) throw failure;
      retryAfterMs = parseRetryAfter(headers.get("retry-after"));
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
