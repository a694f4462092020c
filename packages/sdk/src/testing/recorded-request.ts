// What the test Anthale records of each enforce request it receives: the policy, the direction,
// the messages, the metadata, whether evaluations were asked for, and the headers without the
// credentials, read from the request exactly as it went over the wire.
import { policyGuardrailDirectionValues } from "@anthale/client/contract";
import type { Direction, Message, Metadata } from "../base/types.js";
import { enforcePathTemplate } from "../request/enforce-request.js";

/**
 * One enforce request as the test Anthale received it, for assertions and for `decide`.
 *
 * @example
 * ```ts
 * const [input, output] = anthale.requests;
 * expect(input.direction).toBe("input");
 * expect(output.messages.at(-1)).toEqual({ role: "assistant", content: "Hello!" });
 * expect(input.metadata).toEqual({ tenantId: "acme" });
 * ```
 */
export interface RecordedRequest {
  /** The policy identifier of the request's path. */
  readonly policyId: string;
  /** `"input"` or `"output"`, as sent. */
  readonly direction: Direction;
  /** The conversation, as sent (after any redaction an integration applied before sending). */
  readonly messages: readonly Message[];
  /** The metadata, when the request carried some. */
  readonly metadata?: Metadata;
  /** Whether the request asked for evaluations (`false` when it did not say, as in the contract). */
  readonly includeEvaluations: boolean;
  /**
   * The request's headers, names lower-cased, without `authorization`: the API key is never
   * recorded.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Every text of the messages (string contents and content blocks), in order, one per line. */
  readonly text: string;
  /** The `Request-Id` the test Anthale answered this request with. */
  readonly requestId: string;
}

/** The texts of a message: its string content, or the text of each of its blocks. */
export function textsOf(message: Message): string[] {
  return typeof message.content === "string"
    ? [message.content]
    : message.content.map((block) => block.text);
}

/** The path of the enforce operation (the contract's template), its policy identifier captured. */
const enforcePath = new RegExp(
  `^${enforcePathTemplate.replace("{policy_identifier}", "([^/]+)")}$`,
);

/** Whether a parsed JSON value is an object other than an array. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a parsed JSON value is a message the contract accepts (role and content checked). */
function isMessage(value: unknown): value is Message {
  if (!isRecord(value) || typeof value.role !== "string") return false;
  const { content } = value;
  if (typeof content === "string") return true;
  return (
    Array.isArray(content) &&
    content.length > 0 &&
    content.every((block) => isRecord(block) && typeof block.text === "string")
  );
}

/** Why a request is not an enforce request the API would accept. */
export type RequestProblem =
  | { kind: "not-found"; message: string }
  | { kind: "invalid"; field: string; message: string };

/** The parts of an enforce request read from its path and JSON body. */
export type EnforceRequestParts = Omit<RecordedRequest, "requestId">;

/**
 * Reads an enforce request from its method, URL, headers and body text, as the API would: a
 * request to another path (or with another method) is a `not-found` problem; a body that is not
 * an enforce request (not JSON, no valid direction, no messages) an `invalid` one.
 */
export function readEnforceRequest(
  method: string,
  url: string,
  headers: Headers,
  bodyText: string,
): EnforceRequestParts | RequestProblem {
  const match = enforcePath.exec(new URL(url).pathname);
  if (method !== "POST" || !match?.[1]) {
    return { kind: "not-found", message: `No such operation: ${method} ${new URL(url).pathname}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { kind: "invalid", field: "body", message: "The request body is not valid JSON." };
  }
  if (!isRecord(body)) {
    return { kind: "invalid", field: "body", message: "The request body is not an object." };
  }
  const { direction, messages, metadata, includeEvaluations } = body;
  if (!policyGuardrailDirectionValues.some((value) => value === direction)) {
    return { kind: "invalid", field: "direction", message: "direction must be input or output." };
  }
  if (!Array.isArray(messages) || messages.length === 0 || !messages.every(isMessage)) {
    return { kind: "invalid", field: "messages", message: "messages must be a non-empty list." };
  }
  const recordedHeaders: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name !== "authorization") recordedHeaders[name] = value;
  }
  return {
    policyId: decodeURIComponent(match[1]),
    direction: direction as Direction,
    messages,
    ...(isRecord(metadata) ? { metadata } : {}),
    includeEvaluations: includeEvaluations === true,
    headers: recordedHeaders,
    text: messages.flatMap(textsOf).join("\n"),
  };
}
