// The policy operations of a client (`client.organizations.policies`): `enforce` checks its
// input, builds the request from the contract, sends it with the client's settings, and reads
// the answer into an `EnforceResult`.
import { AnthaleValidationError } from "../base/errors.js";
import type { EnforceParams, EnforceResult, RequestOptions } from "../base/types.js";
import { checkHeaders } from "../checks/credentials.js";
import { checkMaxRetries, checkTimeout } from "../checks/input-checks.js";
import { checkOptions } from "../checks/option-checks.js";
import { buildEnforceRequest } from "../request/enforce-request.js";
import { mergeHeaders, sensitiveValues } from "../transport/headers.js";
import { scrubThrown } from "../transport/scrub-error.js";
import { sendEnforceRequest } from "../transport/send-request.js";
import { type ParsedResult, parseEnforcementResult, toEnforceResult } from "./result.js";
import type { ResolvedSettings } from "./settings.js";

/** Whether `value` looks like an `AbortSignal` (of any realm): what the transport uses of one. */
function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof value !== "object" || value === null) return false;
  const { aborted, addEventListener } = value as { aborted?: unknown; addEventListener?: unknown };
  return typeof aborted === "boolean" && typeof addEventListener === "function";
}

/** Throws unless `value` is an `AbortSignal` (of any realm) or `undefined`. */
function checkSignal(value: unknown, path: string): AbortSignal | undefined {
  if (value !== undefined && !isAbortSignal(value)) {
    throw new AnthaleValidationError(path, "must be an AbortSignal");
  }
  return value;
}

const requestOptionNames: readonly (keyof RequestOptions)[] = [
  "signal",
  "timeout",
  "maxRetries",
  "headers",
];

/** Policy operations, reached as `client.organizations.policies`. */
export class Policies {
  readonly #settings: ResolvedSettings;

  /** @internal Built by {@link Anthale}; not meant to be constructed directly. */
  constructor(settings: ResolvedSettings) {
    this.#settings = settings;
  }

  /**
   * Checks a conversation against a policy and resolves to its decision.
   *
   * Never throws because of the decision: on `block` it resolves with `action: "block"` and the
   * caller stops before the model. It throws `AnthaleValidationError` for bad input (before any
   * request) and an `APIError` subclass when the API cannot answer.
   *
   * @param policyIdentifier - the policy's identifier (a UUID)
   * @param params - direction, messages, and optional metadata and includeEvaluations
   * @param options - per-request signal, timeout, maxRetries and headers
   *
   * @example
   * ```ts
   * const result = await client.organizations.policies.enforce(policyId, {
   *   direction: "input",
   *   messages: [{ role: "user", content: "My email is jane.doe@example.com" }],
   *   metadata: { tenantId: "acme", userId: "user_123" },
   * });
   * let safeMessages: Message[];
   * if (result.action === "allow" || result.action === "detect") safeMessages = messages;
   * else if (result.action === "redact" && result.redactedMessages) {
   *   safeMessages = result.redactedMessages; // present only when the redaction is complete
   * } else throw new Error("Stopped by policy"); // block, an unknown action, an incomplete redaction
   * ```
   */
  async enforce(
    policyIdentifier: string,
    params: EnforceParams,
    options: RequestOptions = {},
  ): Promise<EnforceResult> {
    const settings = this.#settings;
    const { url, body } = buildEnforceRequest(settings.baseURL, policyIdentifier, params);
    const request = checkOptions<RequestOptions>(options, requestOptionNames, "request");
    const requestHeaders = checkHeaders(request.headers, "options.headers");
    const scrubber = requestHeaders
      ? settings.scrubber.with(sensitiveValues(requestHeaders))
      : settings.scrubber;
    const { status, headers, text } = await sendEnforceRequest(JSON.stringify(body), {
      fetch: settings.fetch,
      log: settings.log,
      debug: settings.debug,
      scrubber,
      url,
      timeout:
        request.timeout === undefined
          ? settings.timeout
          : checkTimeout(request.timeout, "options.timeout"),
      maxRetries:
        request.maxRetries === undefined
          ? settings.maxRetries
          : checkMaxRetries(request.maxRetries, "options.maxRetries"),
      headers: requestHeaders
        ? mergeHeaders(settings.headers, requestHeaders, settings.fixedHeaders)
        : settings.headers,
      signal: checkSignal(request.signal, "options.signal"),
    });
    let parsed: ParsedResult;
    try {
      parsed = parseEnforcementResult(status, headers, text);
    } catch (error) {
      throw scrubThrown(error, scrubber);
    }
    return toEnforceResult(parsed, headers, body.messages);
  }
}
