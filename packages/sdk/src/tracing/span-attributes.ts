// The name and attributes of the span of an enforce call, and the reading of the values that come
// from the server (action, guardrail keys, request id), each one cut short so that a wrong or
// hostile answer cannot flood the application's traces.
import { AnthaleError, APIError } from "../base/errors.js";
import type { EnforceResult } from "../base/types.js";
import type { Scrubber } from "../support/secrets.js";
import type { SpanAttributes } from "./tracer-types.js";

/** The name of the span of every enforce call. */
export const ENFORCE_SPAN_NAME = "anthale.enforce";

/** The name of the event added to the span before each retry. */
export const RETRY_EVENT_NAME = "anthale.retry";

/**
 * The attributes of the span, by name: OpenTelemetry's HTTP client conventions where they apply,
 * `anthale.*` for the rest.
 */
export const SpanAttribute = {
  /** Always `"POST"`. */
  httpMethod: "http.request.method",
  /** The status of the last response, when there was one. */
  httpStatus: "http.response.status_code",
  /** The host requests go to. */
  serverAddress: "server.address",
  /** The port requests go to. */
  serverPort: "server.port",
  /** `/organizations/policies/{policy_identifier}/enforce`, after the base URL's own path. */
  urlTemplate: "url.template",
  /** On failure: the status of the answer, or the kind of error (`APIConnectionTimeoutError`). */
  errorType: "error.type",
  /** The policy's identifier. */
  policyId: "anthale.policy.id",
  /** `"input"` or `"output"`. */
  direction: "anthale.direction",
  /** The policy's decision: `allow`, `detect`, `redact`, `block` (or a newer action). */
  action: "anthale.action",
  /** The keys of the guardrails whose own action is not `allow`. */
  triggeredGuardrails: "anthale.guardrails.triggered",
  /** On `redact`: whether the redaction could be applied in full. */
  redactionComplete: "anthale.redaction.complete",
  /** The `Request-Id` of the last answer, to quote to Anthale support. */
  requestId: "anthale.request_id",
  /** How many attempts were made (1 when no retry was needed). */
  attempts: "anthale.attempts",
  /** `true` when the call failed and a `failMode: "open"` enforcer let the messages go on unchecked. */
  failOpen: "anthale.fail_open",
  /** With `traceContent` only: the messages sent, as JSON. */
  messages: "anthale.request.messages",
  /** With `traceContent` only: the metadata sent, as JSON. */
  metadata: "anthale.request.metadata",
  /** On a retry event: the number of the attempt that failed (1 for the first). */
  retryAttempt: "anthale.attempt",
  /** On a retry event: why, as for `error.type`. */
  retryReason: "anthale.retry.reason",
  /** On a retry event: milliseconds waited before the next attempt. */
  retryDelay: "anthale.retry.delay_ms",
} as const;

/** Longest server-given text put on a span (an action, a guardrail key, a request id). */
const MAX_SERVER_TEXT = 128;

/** Most guardrail keys listed on a span. */
const MAX_GUARDRAILS = 32;

/**
 * `value` when it is a string, the client's secrets masked, then cut at {@link MAX_SERVER_TEXT}
 * characters (masked first, so the cut never leaves a piece of a secret); else `undefined`.
 */
export function serverText(value: unknown, scrubber: Scrubber): string | undefined {
  return typeof value === "string" ? scrubber.text(value).slice(0, MAX_SERVER_TEXT) : undefined;
}

/**
 * The keys of the guardrails whose own action is not `allow`, in the order the server gave them,
 * each key once. The evaluations are the server's and unchecked: entries that are not objects or
 * lack a string key or action are skipped.
 */
function triggeredGuardrails(evaluations: unknown, scrubber: Scrubber): string[] {
  if (!Array.isArray(evaluations)) return [];
  const keys = new Set<string>();
  for (const evaluation of evaluations) {
    if (keys.size >= MAX_GUARDRAILS) break;
    if (typeof evaluation !== "object" || evaluation === null) continue;
    const { guardrailKey, action } = evaluation as { guardrailKey?: unknown; action?: unknown };
    const key = serverText(guardrailKey, scrubber);
    if (key && typeof action === "string" && action !== "allow") keys.add(key);
  }
  return [...keys];
}

/** The attributes a result adds to the span: the decision and what led to it. */
export function resultAttributes(result: EnforceResult, scrubber: Scrubber): SpanAttributes {
  const attributes: SpanAttributes = {
    [SpanAttribute.triggeredGuardrails]: triggeredGuardrails(result.evaluations, scrubber),
  };
  const action = serverText(result.action, scrubber);
  if (action) attributes[SpanAttribute.action] = action;
  const requestId = serverText(result.requestId, scrubber);
  if (requestId) attributes[SpanAttribute.requestId] = requestId;
  if (result.redaction) attributes[SpanAttribute.redactionComplete] = result.redaction.complete;
  return attributes;
}

/**
 * The kind of an error, fit for a span: the class name of an SDK error (`RateLimitError`), or
 * `"Error"` for anything else. Never its message.
 */
export function errorKind(error: unknown): string {
  if (error instanceof AnthaleError && /^[A-Za-z]{1,64}$/.test(error.name)) return error.name;
  return "Error";
}

/**
 * `error.type` of a failure, as OpenTelemetry's HTTP conventions put it: the status of the answer
 * when there was one (`"429"`), else the kind of error (`"APIConnectionTimeoutError"`).
 */
export function errorType(error: unknown): string {
  const status = error instanceof APIError ? error.status : undefined;
  return status === undefined ? errorKind(error) : String(status);
}
