import type { AnthaleClient, PolicyEnforceRequest } from "@anthale/client";
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

/** What one call needs to send the enforce request with retries and timeouts. */
export interface SendOptions {
  transport: AnthaleClient;
  log: Logger;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  headers: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Factor applied to every wait between attempts (see `retry-delay-scale.ts`). Default 1. */
  retryDelayScale?: number;
}

/** A successful response: its headers, status and parsed JSON body. */
export interface SentResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

const enforcePath = "/organizations/policies/{policy_identifier}/enforce";

function isJsonContentType(value: string | null): boolean {
  return value === null || /\bjson\b/i.test(value);
}

/** One attempt: a response (any status), or the failure to get one, as an `APIError`. */
async function attempt(
  policyIdentifier: string,
  body: PolicyEnforceRequest,
  options: SendOptions,
): Promise<{ status: number; headers: Headers; payload: unknown } | APIError> {
  const timer = attemptSignal(options.timeout, options.signal);
  try {
    const { response, data, error } = await options.transport.POST(enforcePath, {
      params: { path: { policy_identifier: policyIdentifier } },
      body,
      headers: options.headers,
      signal: timer.signal,
      parseAs: "text",
    });
    // A 2xx body comes back as text (parsed below, where a parse failure can be reported);
    // an error body comes back as JSON when it parses, as text otherwise.
    return {
      status: response.status,
      headers: response.headers,
      payload: response.ok ? data : error,
    };
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

/**
 * Sends the enforce request, retrying connection errors, timeouts, 408, 409, 429 and 5xx up to
 * `maxRetries` times with exponential backoff (or the server's `Retry-After`). Resolves with the
 * first 2xx response; rejects with the matching `APIError` subclass otherwise.
 */
export async function sendEnforceRequest(
  policyIdentifier: string,
  body: PolicyEnforceRequest,
  options: SendOptions,
): Promise<SentResponse> {
  const { log, signal } = options;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    log.debug(`POST ${options.baseURL}/organizations/policies/${policyIdentifier}/enforce`, {
      attempt: retry + 1,
      headers: redactHeaders(options.headers),
    });
    const started = Date.now();
    const outcome = await attempt(policyIdentifier, body, options);
    let failure: APIError;
    let retryAfterMs: number | undefined;
    if (outcome instanceof AnthaleError) {
      failure = outcome;
      if (failure instanceof APIUserAbortError) throw failure;
    } else {
      const headers = headersToObject(outcome.headers);
      log.debug(`answered ${outcome.status} in ${Date.now() - started} ms`, {
        requestId: headers["request-id"],
      });
      if (outcome.status >= 200 && outcome.status < 300) {
        const text = typeof outcome.payload === "string" ? outcome.payload : "";
        if (!isJsonContentType(outcome.headers.get("content-type"))) {
          throw new InvalidResponseError(
            `Anthale answered ${outcome.status} with content type "${outcome.headers.get("content-type")}", not JSON.`,
            { status: outcome.status, headers, body: text },
          );
        }
        try {
          return { status: outcome.status, headers: outcome.headers, body: JSON.parse(text) };
        } catch (cause) {
          throw new InvalidResponseError(
            `Anthale answered ${outcome.status} with a body that is not valid JSON.`,
            {
              status: outcome.status,
              headers,
              body: text,
              cause,
            },
          );
        }
      }
      failure = APIError.fromResponse(outcome.status, outcome.payload, headers);
      if (!isRetryableStatus(outcome.status)) throw failure;
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
