import type { PolicyGuardrailDirection } from "@anthale/client";
import { parseRetryAfter } from "../transport/retry.js";
import type { EnforceResult } from "./types.js";

/** Base class of every error this SDK throws. */
export class AnthaleError extends Error {
  override name = "AnthaleError";
}

/** Details of an {@link APIError}, taken from the response. */
export interface APIErrorInit {
  /** HTTP status of the response, when there was one. */
  status?: number | undefined;
  /** Response headers, lower-cased. */
  headers?: Record<string, string> | undefined;
  /** The parsed response body (or its text when it was not JSON). */
  body?: unknown;
  /** What caused this error, such as the network error behind a connection failure. */
  cause?: unknown;
}

interface ErrorEnvelope {
  title?: string;
  machineCode?: string;
  message?: string;
  details?: Record<string, unknown> | null;
}

function envelopeOf(body: unknown): ErrorEnvelope {
  if (body && typeof body === "object" && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === "object") return error as ErrorEnvelope;
  }
  return {};
}

/**
 * Text from the server fit for an error message and a log line: at most 200 characters, with line
 * breaks and other control characters shown as spaces, so it cannot forge log lines.
 */
function serverText(text: unknown): string {
  if (typeof text !== "string") return "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * An error answered by the Anthale API, or met while talking to it.
 * The status picks the subclass: see {@link APIError.fromResponse}.
 */
export class APIError extends AnthaleError {
  override name = "APIError";
  /** HTTP status, or `undefined` when no response arrived. */
  declare readonly status: number | undefined;
  /** Response headers, lower-cased; empty when no response arrived. */
  declare readonly headers: Record<string, string>;
  /** The `Request-Id` header of the response, to quote to Anthale support. */
  declare readonly requestId: string | undefined;
  /** The error body's `title`. */
  declare readonly title: string | undefined;
  /** The error body's `machineCode`, stable for programs to match on. */
  declare readonly machineCode: string | undefined;
  /** The error body's `details`. */
  declare readonly details: Record<string, unknown> | null | undefined;
  /** The response body as parsed (or as text when it was not JSON). */
  declare readonly body: unknown;

  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    const { title, machineCode, details } = envelopeOf(init.body);
    const headers = init.headers ?? {};
    Object.assign(this, {
      status: init.status,
      headers,
      requestId: headers["request-id"],
      title,
      machineCode,
      details,
      body: init.body,
    });
  }

  /** Builds the error subclass that matches a response's status. */
  static fromResponse(status: number, body: unknown, headers: Record<string, string>): APIError {
    const envelope = envelopeOf(body);
    const summary = serverText(
      envelope.message ??
        envelope.title ??
        (typeof body === "string" && body.length <= 200 ? body : ""),
    );
    const requestId = headers["request-id"];
    const ErrorClass =
      errorsByStatus[status] ??
      (status >= 500 ? InternalServerError : status < 400 ? RedirectError : APIError);
    return new ErrorClass(
      `${status} ${summary || "status code with no error message"}${requestId ? ` (request ${requestId})` : ""}`,
      { status, headers, body },
    );
  }
}

/** 400: the API rejected the request as malformed. */
export class BadRequestError extends APIError {
  override name = "BadRequestError";
}

/** 401: the API key is missing, invalid or disabled. */
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}

/** 403: the API key may not use this policy. */
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}

/** 404: no such policy or path. */
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}

/** 409: the request conflicts with the current state; retried by default. */
export class ConflictError extends APIError {
  override name = "ConflictError";
}

/** 422: the API found the request invalid; `details` says where. */
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}

/** 429: the rate limit was exceeded; retried by default after `retryAfter`. */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  declare readonly retryAfter: number | undefined;

  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init);
    const ms = parseRetryAfter(this.headers["retry-after"]);
    this.retryAfter = ms === undefined ? undefined : Math.ceil(ms / 1000);
  }
}

/** 5xx: Anthale failed to handle the request; retried by default. */
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

// The subclass for each status that has its own; other 5xx are InternalServerError.
const errorsByStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/**
 * The Anthale URL answered with a redirect (a 3xx). The SDK never follows one: that would send the
 * conversation and the API key to whatever the redirect names, and take its answer as the policy's
 * decision. Usually `baseURL` is wrong (such as `http:` where the API wants `https:`). Never retried,
 * and never a reason to fail open.
 */
export class RedirectError extends APIError {
  override name = "RedirectError";
}

/** A 2xx response whose body is not a policy enforcement result (not JSON, or fields missing). */
export class InvalidResponseError extends APIError {
  override name = "InvalidResponseError";
}

/**
 * A 2xx answer larger than `MAX_RESULT_BYTES` (10 MiB): the SDK stopped reading it. Not an outage
 * (it never fails open), since the size of an answer can follow the size of the input.
 */
export class ResponseTooLargeError extends InvalidResponseError {
  override name = "ResponseTooLargeError";
}

/** No response arrived: DNS failure, refused or reset connection, TLS error. Retried by default. */
export class APIConnectionError extends APIError {
  override name = "APIConnectionError";

  constructor(message = "Connection error.", init: APIErrorInit = {}) {
    super(message, init);
  }
}

/** The request took longer than its `timeout`. Retried by default. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = "APIConnectionTimeoutError";

  constructor(message = "Request timed out.", init: APIErrorInit = {}) {
    super(message, init);
  }
}

/** The caller's `AbortSignal` aborted the request. Never retried. */
export class APIUserAbortError extends APIError {
  override name = "APIUserAbortError";

  constructor(message = "Request was aborted.", init: APIErrorInit = {}) {
    super(message, init);
  }
}

/**
 * Bad input found before any request was sent. `path` says where, such as
 * `messages[2].content[0].text`.
 */
export class AnthaleValidationError extends AnthaleError {
  override name = "AnthaleValidationError";
  /** Where the bad value is, such as `messages[0].role`. */
  declare readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.path = path;
  }
}

/**
 * Why an {@link AnthalePolicyViolationError} was thrown:
 * - `"blocked"`: the policy answered `block`;
 * - `"unknown-action"`: it answered an action this SDK does not know;
 * - `"incomplete-redaction"`: it answered `redact`, but the redaction could not be applied in full
 *   (see `result.redaction`), so the messages cannot be passed on safely.
 */
export type PolicyViolationReason = "blocked" | "unknown-action" | "incomplete-redaction";

/** Why a redaction could not be applied, in words that never quote a span. */
function redactionFailure(result: EnforceResult): string {
  const { problem, unmatched } = result.redaction ?? {};
  const count = Array.isArray(unmatched) ? unmatched.length : 0;
  const spans = `${count} flagged span${count === 1 ? " was" : "s were"}`;
  switch (problem) {
    case "unmatched-spans":
      return `${spans} not found in the messages sent`;
    case "span-not-in-message":
      return `${spans} not found in the message the guardrail named`;
    case "malformed-threads":
      return "a data-leakage thread has no usable span";
    case "other-guardrail":
      return "another guardrail asked for a redaction only the server can apply";
    case "too-many-spans":
      return "the result flags more spans than the SDK redacts";
    case "no-spans":
    case undefined:
      return "the result names no span to hide";
    default:
      return "the result asks to hide text that its flagged spans do not cover";
  }
}

/**
 * Thrown by {@link PolicyEnforcer} (and the integrations) when the messages may not go on: the
 * policy blocks them, answers an action this SDK does not know, or asks for a redaction that cannot
 * be applied. `reason` says which; the message never quotes the flagged spans. `result` (not
 * enumerable, so logging the error does not print the evaluations) holds the whole result.
 */
export class AnthalePolicyViolationError extends AnthaleError {
  override name = "AnthalePolicyViolationError";
  /** The policy enforcer that decided. */
  declare readonly enforcerIdentifier: string;
  /** Whether the input or the output was stopped. */
  declare readonly direction: PolicyGuardrailDirection;
  /** Why the messages were stopped. See {@link PolicyViolationReason}. */
  declare readonly reason: PolicyViolationReason;
  /** The whole enforcement result. */
  declare readonly result: EnforceResult;

  /**
   * `reason` defaults to `"blocked"` on `block` and `"unknown-action"` on any action but `redact`;
   * pass `"incomplete-redaction"` for a `redact` that cannot be applied.
   */
  constructor(
    direction: PolicyGuardrailDirection,
    result: EnforceResult,
    reason: PolicyViolationReason = result.action === "block"
      ? "blocked"
      : result.action === "redact"
        ? "incomplete-redaction"
        : "unknown-action",
  ) {
    const { action, enforcerIdentifier, evaluations, requestId } = result;
    // Evaluations come from the server and may hold entries a newer API added: read them warily.
    const guardrails = (Array.isArray(evaluations) ? evaluations : [])
      .filter((evaluation) => evaluation?.action === action && evaluation.guardrailKey)
      .map((evaluation) => evaluation.guardrailKey);
    const by = guardrails.length ? ` by ${guardrails.join(", ")}` : "";
    const decision =
      reason === "incomplete-redaction"
        ? `asked to redact the ${direction}${guardrails.length ? ` (${guardrails.join(", ")})` : ""}, but the redaction could not be applied: ${redactionFailure(result)}`
        : `${reason === "blocked" ? "blocked" : `answered the unknown action "${action}" for`} the ${direction}${by}`;
    super(
      `The Anthale policy ${decision} (enforcer ${enforcerIdentifier}${requestId ? `, request ${requestId}` : ""}).`,
    );
    Object.assign(this, { enforcerIdentifier, direction, reason });
    Object.defineProperty(this, "result", { value: result, enumerable: false });
  }
}
