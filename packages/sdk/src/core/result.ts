import type { PolicyEnforcementResult } from "@anthale/client";
import { headersToObject, readRateLimit } from "../internal/headers.js";
import { redactMessages } from "../redaction/redact-messages.js";
import { InvalidResponseError } from "./errors.js";
import type { EnforceResult, Message } from "./types.js";

type ParsedResult = PolicyEnforcementResult & { redactedMessages?: Message[] };

/**
 * Reads a 2xx answer as a policy enforcement result, so a broken or foreign answer fails here
 * with an `InvalidResponseError` saying what is wrong, never later with a `TypeError`.
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
  const record = body as Record<string, unknown> | null;
  const problem =
    record === null || typeof record !== "object" || Array.isArray(record)
      ? Array.isArray(record)
        ? "an array"
        : record === null
          ? "null"
          : `a ${typeof record}`
      : typeof record.action !== "string" || record.action === ""
        ? "a body that lacks `action`"
        : typeof record.enforcerIdentifier !== "string"
          ? "a body that lacks `enforcerIdentifier`"
          : record.evaluations !== undefined && !Array.isArray(record.evaluations)
            ? "a body whose `evaluations` is not an array"
            : undefined;
  if (problem) throw fail(problem);
  return record as unknown as ParsedResult;
}

/**
 * Builds the `EnforceResult`: the body's fields, `requestId` and `rateLimit` from the headers, and
 * `redactedMessages` on `redact` (the server's when it sent them, else computed from the
 * data-leakage spans).
 */
export function toEnforceResult(
  body: ParsedResult,
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
