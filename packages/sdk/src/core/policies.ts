import { mergeHeaders } from "../internal/headers.js";
import { sendEnforceRequest } from "../internal/send-request.js";
import { buildEnforceRequest, checkMaxRetries, checkTimeout } from "../internal/validation.js";
import type { ResolvedSettings } from "./anthale.js";
import { parseEnforcementResult, toEnforceResult } from "./result.js";
import type { EnforceParams, EnforceResult, RequestOptions } from "./types.js";

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
   * const safeMessages = result.action === "redact" ? result.redactedMessages : messages;
   * ```
   */
  async enforce(
    policyIdentifier: string,
    params: EnforceParams,
    options: RequestOptions = {},
  ): Promise<EnforceResult> {
    const body = buildEnforceRequest(policyIdentifier, params);
    const settings = this.#settings;
    const { status, headers, text } = await sendEnforceRequest(JSON.stringify(body), {
      fetch: settings.fetch,
      log: settings.log,
      debug: settings.debug,
      state: settings.state,
      // The identifier is a UUID (checked above), so it needs no escaping.
      url: `${settings.baseURL}/organizations/policies/${policyIdentifier}/enforce`,
      timeout:
        options.timeout === undefined
          ? settings.timeout
          : checkTimeout(options.timeout, "options.timeout"),
      maxRetries:
        options.maxRetries === undefined
          ? settings.maxRetries
          : checkMaxRetries(options.maxRetries, "options.maxRetries"),
      headers: options.headers
        ? mergeHeaders(settings.headers, options.headers, settings.fixedHeaders)
        : settings.headers,
      signal: options.signal,
    });
    return toEnforceResult(parseEnforcementResult(status, headers, text), headers, body.messages);
  }
}
