// The policy operations of a client (`client.organizations.policies`): `enforce` checks its
// input, builds the request from the contract, sends it with the client's settings, and reads
// the answer into an `EnforceResult`, as an OpenTelemetry span when tracing is on.
import { AnthaleValidationError } from "../base/errors.js";
import type { EnforceParams, EnforceResult, RequestOptions } from "../base/types.js";
import { checkHeaders } from "../checks/credentials.js";
import { checkMaxRetries, checkTimeout } from "../checks/input-checks.js";
import { checkOptions } from "../checks/option-checks.js";
import { buildEnforceRequest } from "../request/enforce-request.js";
import { traceEnforce } from "../tracing/trace-enforce.js";
import { mergeHeaders, sensitiveValues } from "../transport/headers.js";
import { scrubThrown } from "../transport/scrub-error.js";
import { type SendObserver, sendEnforceRequest } from "../transport/send-request.js";
import { failModeOf, failsOpen } from "./fail-mode.js";
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
   * When tracing is on (see `ClientOptions.tracing`), a call whose input is valid is the span
   * `anthale.enforce`, a child of the active span; a call refused for bad input makes none.
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
    const timeout =
      request.timeout === undefined
        ? settings.timeout
        : checkTimeout(request.timeout, "options.timeout");
    const maxRetries =
      request.maxRetries === undefined
        ? settings.maxRetries
        : checkMaxRetries(request.maxRetries, "options.maxRetries");
    const signal = checkSignal(request.signal, "options.signal");
    const headers = requestHeaders
      ? mergeHeaders(settings.headers, requestHeaders, settings.fixedHeaders)
      : settings.headers;
    // Everything is checked: from here on the call is sent, traced when tracing is on.
    const send = async (observer: SendObserver | undefined): Promise<EnforceResult> => {
      const response = await sendEnforceRequest(JSON.stringify(body), {
        fetch: settings.fetch,
        log: settings.log,
        debug: settings.debug,
        scrubber,
        url,
        timeout,
        maxRetries,
        headers,
        signal,
        observer,
      });
      let parsed: ParsedResult;
      try {
        parsed = parseEnforcementResult(response.status, response.headers, response.text);
      } catch (error) {
        throw scrubThrown(error, scrubber);
      }
      return toEnforceResult(parsed, response.headers, body.messages);
    };
    const failMode = failModeOf(options);
    const call = {
      policyId: policyIdentifier,
      body,
      scrubber,
      failsOpen: (error: unknown) => failsOpen(error, failMode),
    };
    return traceEnforce(settings.tracing, call, send);
  }
}
