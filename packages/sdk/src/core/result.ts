import type { PolicyEnforcementResult } from "@anthale/client";
import { InvalidResponseError } from "../base/errors.js";
import type { EnforceResult, Message } from "../base/types.js";
import { redactConversation } from "../redaction/redact-messages.js";
import { headersToObject, readRateLimit } from "../transport/headers.js";

// What the server sent may hold any field: `redactedMessages` is read warily, `redaction` ignored.
type ParsedResult = PolicyEnforcementResult & { redactedMessages?: unknown; redaction?: unknown };

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
 * on `redact` the `redaction` report with `redactedMessages` when it is complete (see
 * {@link redactConversation}: every flagged span hidden everywhere in the messages sent, or in the
 * server's `redactedMessages` when they are valid). On other actions neither field is kept, whatever
 * the server sent.
 */
export function toEnforceResult(
  body: ParsedResult,
  headers: Headers,
  sentMessages: readonly Message[],
): EnforceResult {
  const { redactedMessages: fromServer } = body;
  // The body was parsed for this call alone, so it becomes the result without a copy; the two
  // fields the SDK vouches for are never the server's own.
  delete body.redactedMessages;
  delete body.redaction;
  const result = body as EnforceResult;
  const requestId = headers.get("request-id");
  if (requestId) result.requestId = requestId;
  const rateLimit = readRateLimit(headers);
  if (rateLimit) result.rateLimit = rateLimit;
  if (body.action === "redact") {
    const { messages, report } = redactConversation(sentMessages, body.evaluations, fromServer);
    if (messages) result.redactedMessages = messages;
    result.redaction = report;
  }
  return result;
}
