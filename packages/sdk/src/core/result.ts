import type { PolicyEnforcementResult } from "@anthale/client";
import { headersToObject, readRateLimit } from "../internal/headers.js";
import { redactMessages } from "../redaction/redact-messages.js";
import { InvalidResponseError } from "./errors.js";
import type { EnforceResult, Message } from "./types.js";

/**
 * Checks that a 2xx body is a policy enforcement result, so a broken or foreign answer fails
 * here with an error naming what is missing, never later with a `TypeError`.
 */
export function parseEnforcementResult(
  body: unknown,
  status: number,
  headers: Headers,
): PolicyEnforcementResult & { redactedMessages?: Message[] } {
  const fail = (problem: string) =>
    new InvalidResponseError(
      `Anthale answered ${status} with ${problem}, not a policy enforcement result.`,
      {
        status,
        headers: headersToObject(headers),
        body,
      },
    );
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw fail(body === null ? "null" : Array.isArray(body) ? "an array" : `a ${typeof body}`);
  }
  const record = body as Record<string, unknown>;
  if (typeof record.action !== "string" || record.action.length === 0)
    throw fail("a body that lacks `action`");
  if (typeof record.enforcerIdentifier !== "string")
    throw fail("a body that lacks `enforcerIdentifier`");
  if (record.evaluations !== undefined && !Array.isArray(record.evaluations)) {
    throw fail("a body whose `evaluations` is not an array");
  }
  return record as unknown as PolicyEnforcementResult;
}

/**
 * Builds the `EnforceResult`: the body's fields, `requestId` and `rateLimit` from the headers, and
 * `redactedMessages` on `redact` (the server's when it sent them, else computed from the
 * data-leakage spans).
 */
export function toEnforceResult(
  body: PolicyEnforcementResult & { redactedMessages?: Message[] },
  headers: Headers,
  sentMessages: readonly Message[],
): EnforceResult {
  // The body was parsed for this call alone, so it becomes the result without a copy.
  const result: EnforceResult = body;
  const requestId = headers.get("request-id");
  if (requestId) result.requestId = requestId;
  const rateLimit = readRateLimit(headers);
  if (rateLimit) result.rateLimit = rateLimit;
  if (body.action === "redact" && !Array.isArray(body.redactedMessages) && body.evaluations) {
    result.redactedMessages = redactMessages(sentMessages, body.evaluations);
  }
  return result;
}
