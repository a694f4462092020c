import {
  AnthaleError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  InvalidResponseError,
} from "../core/errors.js";
import { headersToObject, redactHeaders } from "./headers.js";
import type { Logger } from "./log.js";
import { isRetryableStatus, parseRetryAfter, retryDelay } from "./retry.js";
import { sleep } from "./sleep.js";
import { attemptSignal } from "./timeout.js";

/** The `fetch` the SDK sends with: the global one, or any function with its signature. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** What one call needs to send the enforce request with retries and timeouts. */
export interface SendOptions {
  fetch: FetchLike;
  log: Logger;
  /** The full URL of the enforce operation for the policy. */
  url: string;
  timeout: number;
  maxRetries: number;
  headers: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Whether debug lines are wanted (they are not built otherwise). */
  debug?: boolean;
  /** Factor applied to every wait between attempts (see `retry-delay-scale.ts`). Default 1. */
  retryDelayScale?: number;
}

/** A successful response: its headers, status and parsed JSON body. */
export interface SentResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

function isJsonContentType(value: string | null): boolean {
  return value === null || /\bjson\b/i.test(value);
}

/** One attempt: a response (any status) with its body as text, or the failure to get one. */
async function attempt(
  body: string,
  options: SendOptions,
): Promise<{ status: number; headers: Headers; text: string } | APIError> {
  const timer = attemptSignal(options.timeout, options.signal);
  try {
    // fetch(url, init) rather than fetch(new Request(...)): it skips building a Request object,
    // which costs measurably on every call. The body is read inside the attempt so the timeout
    // covers it too.
    const response = await options.fetch(options.url, {
      method: "POST",
      headers: options.headers,
      body,
      signal: timer.signal,
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (cause) {
    if (options.signal?.aborted) return new APIUserAbortError(undefined, { cause });
    if (timer.timedOut()) {
      return new APIConnectionTimeoutError(`Request timed out after ${options.timeout} ms.`, {
        cause,
      });
    }
    const detail =
      cause instanceof Error
        ? ((cause.cause as Error | undefined)?.message ?? cause.message)
        : String(cause);
    return new APIConnectionError(`Connection error: ${detail}`, { cause });
  } finally {
    timer.dispose();
  }
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
 * `Retry-After`). Resolves with the first 2xx response; rejects with the matching `APIError`
 * subclass otherwise.
 */
export async function sendEnforceRequest(
  body: string,
  options: SendOptions,
): Promise<SentResponse> {
  const { log, signal } = options;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    const started = options.debug ? Date.now() : 0;
    if (options.debug) {
      log.debug(`POST ${options.url}`, {
        attempt: retry + 1,
        headers: redactHeaders(options.headers),
      });
    }
    const outcome = await attempt(body, options);
    let failure: APIError;
    let retryAfterMs: number | undefined;
    if (outcome instanceof AnthaleError) {
      failure = outcome;
      if (failure instanceof APIUserAbortError) throw failure;
    } else {
      const { status, text } = outcome;
      if (options.debug) {
        log.debug(`answered ${status} in ${Date.now() - started} ms`, {
          requestId: outcome.headers.get("request-id") ?? undefined,
        });
      }
      if (status >= 200 && status < 300) {
        const contentType = outcome.headers.get("content-type");
        if (!isJsonContentType(contentType)) {
          throw new InvalidResponseError(
            `Anthale answered ${status} with content type "${contentType}", not JSON.`,
            { status, headers: headersToObject(outcome.headers), body: text },
          );
        }
        try {
          return { status, headers: outcome.headers, body: JSON.parse(text) };
        } catch (cause) {
          throw new InvalidResponseError(
            `Anthale answered ${status} with a body that is not valid JSON.`,
            { status, headers: headersToObject(outcome.headers), body: text, cause },
          );
        }
      }
      failure = APIError.fromResponse(
        status,
        parseErrorBody(text),
        headersToObject(outcome.headers),
      );
      if (!isRetryableStatus(status)) throw failure;
      retryAfterMs = parseRetryAfter(outcome.headers.get("retry-after"));
    }
    if (retry >= options.maxRetries) throw failure;
    const delay = retryDelay(retry, retryAfterMs) * (options.retryDelayScale ?? 1);
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
