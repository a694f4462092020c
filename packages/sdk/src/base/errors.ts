// The errors the SDK throws: `AnthaleError` and its kinds, namely the API errors (one class per
// status the API documents, plus connection, timeout, abort, redirect and invalid-answer errors),
// bad input (`AnthaleValidationError`) and a policy decision that stops the messages
// (`AnthalePolicyViolationError`). Which class an answer stands for is decided by the transport.
import type { PolicyGuardrailDirection } from "@anthale/client";
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

/** The fields of the `error` object of an Anthale error body, each kept only when well-typed. */
export interface ErrorEnvelope {
  title?: string;
  machineCode?: string;
  message?: string;
  details?: Record<string, unknown> | null;
}

/** Whether `value` is a plain object (not `null`, not an array). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Reads the `error` object of an Anthale error body (`{ "error": { "title", "machineCode",
 * "message", "details" } }`). A field of the wrong type is left out; anything else gives `{}`.
 */
export function readErrorEnvelope(body: unknown): ErrorEnvelope {
  const error = isRecord(body) ? body.error : undefined;
  if (!isRecord(error)) return {};
  const envelope: ErrorEnvelope = {};
  if (typeof error.title === "string") envelope.title = error.title;
  if (typeof error.machineCode === "string") envelope.machineCode = error.machineCode;
  if (typeof error.message === "string") envelope.message = error.message;
  if (isRecord(error.details) || error.details === null) envelope.details = error.details;
  return envelope;
}

/**
 * An error answered by the Anthale API, or met while talking to it. The transport picks the
 * subclass from the status of the answer.
 */
export class APIError extends AnthaleError {
  override name = "APIError";
  /** HTTP status, or `undefined` when no response arrived. */
  readonly status: number | undefined;
  /** Response headers, lower-cased; empty when no response arrived. */
  readonly headers: Record<string, string>;
  /** The `Request-Id` header of the response, to quote to Anthale support. */
  readonly requestId: string | undefined;
  /** The error body's `title`. */
  readonly title: string | undefined;
  /** The error body's `machineCode`, stable for programs to match on. */
  readonly machineCode: string | undefined;
  /** The error body's `details`. */
  readonly details: Record<string, unknown> | null | undefined;
  /** The response body as parsed (or as text when it was not JSON). */
  readonly body: unknown;

  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    const envelope = readErrorEnvelope(init.body);
    this.status = init.status;
    this.headers = init.headers ?? {};
    this.requestId = this.headers["request-id"];
    this.title = envelope.title;
    this.machineCode = envelope.machineCode;
    this.details = envelope.details;
    this.body = init.body;
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

/** 5xx: Anthale failed to handle the request; retried by default. */
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** Details of a {@link RateLimitError}: those of any API error, and how long the server asked to wait. */
export interface RateLimitErrorInit extends APIErrorInit {
  /** Seconds the server asked to wait (its `Retry-After` header, rounded up), when it said. */
  retryAfter?: number | undefined;
}

/** 429: the rate limit was exceeded; retried by default after `retryAfter`. */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(message: string, init: RateLimitErrorInit = {}) {
    super(message, init);
    this.retryAfter = init.retryAfter;
  }
}

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
  readonly path: string;

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

/** The reason a result stands for when none is given: see {@link AnthalePolicyViolationError}. */
function defaultReason(action: string): PolicyViolationReason {
  if (action === "block") return "blocked";
  if (action === "redact") return "incomplete-redaction";
  return "unknown-action";
}

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
 * The keys of the guardrails whose evaluation gave `action`. Evaluations come from the server and
 * may hold entries a newer API added, so each is read warily.
 */
function guardrailsThatDecided(result: EnforceResult): string[] {
  const evaluations: unknown[] = Array.isArray(result.evaluations) ? result.evaluations : [];
  const keys: string[] = [];
  for (const evaluation of evaluations) {
    if (!isRecord(evaluation) || evaluation.action !== result.action) continue;
    const key = evaluation.guardrailKey;
    if (typeof key === "string" && key !== "") keys.push(key);
  }
  return keys;
}

/** What the policy did, as the middle of an {@link AnthalePolicyViolationError}'s message. */
function describeDecision(
  direction: PolicyGuardrailDirection,
  result: EnforceResult,
  reason: PolicyViolationReason,
): string {
  const guardrails = guardrailsThatDecided(result).join(", ");
  if (reason === "incomplete-redaction") {
    const named = guardrails ? ` (${guardrails})` : "";
    return `asked to redact the ${direction}${named}, but the redaction could not be applied: ${redactionFailure(result)}`;
  }
  const by = guardrails ? ` by ${guardrails}` : "";
  if (reason === "blocked") return `blocked the ${direction}${by}`;
  return `answered the unknown action "${result.action}" for the ${direction}${by}`;
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
  readonly enforcerIdentifier: string;
  /** Whether the input or the output was stopped. */
  readonly direction: PolicyGuardrailDirection;
  /** Why the messages were stopped. See {@link PolicyViolationReason}. */
  readonly reason: PolicyViolationReason;
  /** The whole enforcement result. */
  readonly result: EnforceResult;

  /**
   * `reason` defaults to `"blocked"` on `block`, `"incomplete-redaction"` on `redact` and
   * `"unknown-action"` on any other action.
   */
  constructor(
    direction: PolicyGuardrailDirection,
    result: EnforceResult,
    reason: PolicyViolationReason = defaultReason(result.action),
  ) {
    const { enforcerIdentifier, requestId } = result;
    const request = requestId ? `, request ${requestId}` : "";
    super(
      `The Anthale policy ${describeDecision(direction, result, reason)} (enforcer ${enforcerIdentifier}${request}).`,
    );
    this.enforcerIdentifier = enforcerIdentifier;
    this.direction = direction;
    this.reason = reason;
    this.result = result;
    // Not enumerable, so logging the error does not print the evaluations.
    Object.defineProperty(this, "result", { enumerable: false, writable: false });
  }
}
