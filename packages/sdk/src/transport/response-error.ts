// The error an answer from Anthale stands for: a redirect, a network error reported as a
// response, a 2xx too large to be a result, or the `APIError` subclass of its status.
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  readErrorEnvelope,
  UnprocessableEntityError,
} from "../base/errors.js";
import type { Scrubber } from "../support/secrets.js";
import type { AttemptResponse } from "./attempt.js";
import { headersToObject } from "./headers.js";
import { MAX_RESULT_BYTES } from "./read-body.js";

/** Most characters of server text quoted in an error message. */
const MAX_SERVER_TEXT = 200;

// The subclass of each status that has its own; 429 (RateLimitError) is built apart, with the
// wait the server asked for, and other 5xx are InternalServerError.
const errorsByStatus = new Map<number, typeof APIError>([
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [422, UnprocessableEntityError],
]);

/** The class of the error a status stands for (a status of 300 or more). */
function errorClassOf(status: number): typeof APIError {
  const ErrorClass = errorsByStatus.get(status);
  if (ErrorClass) return ErrorClass;
  if (status >= 500) return InternalServerError;
  if (status < 400) return RedirectError;
  return APIError;
}

/**
 * Text from the server fit for an error message and a log line: at most 200 characters, with line
 * breaks and other control characters shown as spaces, so it cannot forge log lines.
 */
function serverText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return flat.length > MAX_SERVER_TEXT ? `${flat.slice(0, MAX_SERVER_TEXT)}…` : flat;
}

/** What an error body says went wrong: its `message`, else its `title`, else a short text body. */
function summaryOf(body: unknown): string {
  const { message, title } = readErrorEnvelope(body);
  const text = typeof body === "string" && body.length <= MAX_SERVER_TEXT ? body : "";
  return serverText(message ?? title ?? text) || "status code with no error message";
}

/**
 * The error an answer with a status of 300 or more stands for, built from its parsed body and
 * lower-cased headers: a `RateLimitError` for 429, carrying `retryAfterMs` (the wait its
 * `Retry-After` header asked for, which the transport reads for its backoff) in seconds, rounded
 * up; the subclass of the status otherwise (`InternalServerError` for any 5xx without its own).
 * The message quotes the body's message (or title, or a short text body) and the request id.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  retryAfterMs?: number,
): APIError {
  const requestId = headers["request-id"];
  const request = requestId ? ` (request ${requestId})` : "";
  const message = `${status} ${summaryOf(body)}${request}`;
  if (status === 429) {
    const retryAfter = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
    return new RateLimitError(message, { status, headers, body, retryAfter });
  }
  const ErrorClass = errorClassOf(status);
  return new ErrorClass(message, { status, headers, body });
}

/** An error body as parsed JSON, or as its text when it is not JSON. */
function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
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
 * The error a response stands for, or `undefined` for a 2xx answer that can be read as a result:
 * a redirect (followed by a custom `fetch` or not) is a {@link RedirectError}, a status below 200
 * (what `Response.error()` stands for) an {@link APIConnectionError}, a 2xx over
 * {@link MAX_RESULT_BYTES} a {@link ResponseTooLargeError}, any other status the error
 * {@link errorFromResponse} builds. `retryAfterMs` is the wait its `Retry-After` header asked for.
 */
export function responseFailure(
  response: AttemptResponse,
  retryAfterMs: number | undefined,
  scrubber: Scrubber,
): APIError | undefined {
  const { status, headers, text, truncated, redirected } = response;
  if (status >= 200 && status < 300 && !truncated && !redirected) return undefined;
  const fields = headersToObject(headers);
  if (redirected || (status >= 300 && status < 400)) {
    const how = redirected ? "followed by fetch" : status;
    const location = originOf(headers.get("location"));
    const to = location ? ` to ${location}` : "";
    return new RedirectError(
      `Anthale answered with a redirect (${how}${to}), which the SDK never follows; check baseURL.`,
      { status, headers: fields },
    );
  }
  if (status < 200) {
    return new APIConnectionError(`Connection error: fetch answered status ${status}.`, {
      status,
    });
  }
  if (status < 300) {
    return new ResponseTooLargeError(
      `Anthale answered ${status} with a body larger than ${MAX_RESULT_BYTES} bytes, not a policy enforcement result.`,
      { status, headers: fields },
    );
  }
  // A cut body may end with the start of a secret the cut went through: that end is dropped.
  const kept = truncated ? scrubber.truncatedText(text) : text;
  return errorFromResponse(status, parseErrorBody(kept), fields, retryAfterMs);
}
