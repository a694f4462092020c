// Reads the answer to an enforce request: checks that a 2xx body is a policy enforcement result,
// then builds the `EnforceResult` the caller gets as a new object (the parsed body is left as it
// was), with `requestId` and `rateLimit` from the headers and, on `redact`, the redaction.
import { InvalidResponseError } from "../base/errors.js";
import type { EnforceResult, Message } from "../base/types.js";
import { redactConversation } from "../redaction/redact-messages.js";
import type { EnforceResponseBody } from "../request/enforce-request.js";
import { headersToObject, readRateLimit } from "../transport/headers.js";

/** The evaluations of a result, as the contract types them. */
type Evaluations = NonNullable<EnforceResponseBody["evaluations"]>;

/**
 * A 2xx answer once read: the fields the SDK relies on are checked, the others kept as they came.
 * The fields the SDK itself vouches for in a result (`redaction`, `requestId`, `rateLimit`) are
 * never taken from the body.
 */
export interface ParsedResult {
  /** The policy's action: a non-empty string, one the contract names or a newer one. */
  readonly action: string;
  /** The identifier of the enforcer that answered. */
  readonly enforcerIdentifier: string;
  /** The evaluations, when the body has them: a list whose entries are not checked. */
  readonly evaluations: readonly unknown[] | undefined;
  /** The server's own `redactedMessages`, unchecked: the redaction reads them warily. */
  readonly redactedMessages: unknown;
  /** Every other field of the body, as sent (a newer API may add some). */
  readonly otherFields: Readonly<Record<string, unknown>>;
}

/** Whether a parsed JSON value is an object other than an array. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What a parsed JSON value that is not an object is, for an error message. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * Reads a 2xx answer as a policy enforcement result, so a broken or foreign answer fails here
 * with an `InvalidResponseError` saying what is wrong, never later with a `TypeError`: the body
 * must be JSON (by its content type, when there is one, and by its text), an object, with a
 * non-empty string `action`, a string `enforcerIdentifier`, and `evaluations` a list when present.
 */
export function parseEnforcementResult(
  status: number,
  headers: Headers,
  text: string,
): ParsedResult {
  let body: unknown = text;
  const fail = (problem: string, cause?: unknown) =>
    new InvalidResponseError(
      `Anthale answered ${status} with ${problem}, not a policy enforcement result.`,
      { status, headers: headersToObject(headers), body, cause },
    );
  const contentType = headers.get("content-type");
  if (contentType !== null && !/\bjson\b/i.test(contentType)) {
    throw fail(`content type "${contentType}"`);
  }
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw fail("a body that is not valid JSON", cause);
  }
  if (!isRecord(body)) throw fail(kindOf(body));
  const {
    action,
    enforcerIdentifier,
    evaluations,
    redactedMessages,
    redaction: _redaction,
    requestId: _requestId,
    rateLimit: _rateLimit,
    ...otherFields
  } = body;
  if (typeof action !== "string" || action === "") throw fail("a body that lacks `action`");
  if (typeof enforcerIdentifier !== "string") {
    throw fail("a body that lacks `enforcerIdentifier`");
  }
  if (evaluations !== undefined && !Array.isArray(evaluations)) {
    throw fail("a body whose `evaluations` is not an array");
  }
  return { action, enforcerIdentifier, evaluations, redactedMessages, otherFields };
}

/**
 * The server's evaluations under the contract's type. Their entries are deliberately not checked
 * one by one: a newer API may add guardrails, and a malformed entry must not hide a `block`. So
 * this type is the contract's promise, not a checked fact, and every reader in the SDK (the
 * redaction, `PolicyEnforcer`, the integrations) reads the entries warily.
 */
function asContractEvaluations(evaluations: readonly unknown[] | undefined) {
  return evaluations as Evaluations | undefined;
}

/**
 * Builds the `EnforceResult`, a new object: the body's fields, `requestId` and `rateLimit` from
 * the headers, and on `redact` the `redaction` report with `redactedMessages` when it is complete
 * (see {@link redactConversation}: every flagged span hidden everywhere in the messages sent, or
 * in the server's `redactedMessages` when they are valid). On other actions neither field is
 * there, whatever the server sent.
 */
export function toEnforceResult(
  parsed: ParsedResult,
  headers: Headers,
  sentMessages: readonly Message[],
): EnforceResult {
  const { action, enforcerIdentifier, redactedMessages, otherFields } = parsed;
  const evaluations = asContractEvaluations(parsed.evaluations);
  const requestId = headers.get("request-id");
  const rateLimit = readRateLimit(headers);
  const result: EnforceResult = {
    enforcerIdentifier,
    action,
    ...(evaluations === undefined ? {} : { evaluations }),
    ...otherFields,
    ...(requestId ? { requestId } : {}),
    ...(rateLimit === undefined ? {} : { rateLimit }),
  };
  if (action !== "redact") return result;
  const { messages, report } = redactConversation(sentMessages, evaluations, redactedMessages);
  if (messages === undefined) return { ...result, redaction: report };
  return { ...result, redactedMessages: messages, redaction: report };
}
