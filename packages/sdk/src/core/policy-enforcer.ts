import { validatePolicyIdentifier } from "../internal/validation.js";
import { Anthale } from "./anthale.js";
import { AnthalePolicyViolationError } from "./errors.js";
import type { Direction, EnforceResult, Message, Metadata, RequestOptions } from "./types.js";

/** Options of {@link PolicyEnforcer}. */
export interface PolicyEnforcerOptions {
  /** The policy to enforce (a UUID). */
  policyId: string;
  /** API key for a client built on the fly; ignored when `client` is given. */
  apiKey?: string;
  /** The client to send with. Default: `new Anthale({ apiKey })`. */
  client?: Anthale;
  /** Metadata sent with every check; per-call metadata is merged over it. */
  metadata?: Metadata;
}

/** What {@link PolicyEnforcer.enforce} checks. */
export interface PolicyEnforcerInput {
  /** Which side of the model the messages are on. */
  direction: Direction;
  /** The conversation to check. */
  messages: Message[];
  /** Metadata for this check, merged over the enforcer's. */
  metadata?: Metadata;
}

const passing = new Set(["allow", "detect", "redact"]);

/**
 * Enforces one policy and throws when it blocks: the path integrations use, where a decision to
 * stop must interrupt the call. `allow`, `detect` and `redact` return the result (with
 * `redactedMessages` on `redact`); `block`, and any action this SDK does not know, throw
 * {@link AnthalePolicyViolationError}.
 *
 * @example
 * ```ts
 * import { AnthalePolicyViolationError, PolicyEnforcer } from "@anthale/sdk";
 *
 * const enforcer = new PolicyEnforcer({ policyId: process.env.ANTHALE_POLICY_ID!, metadata: { app: "support-bot" } });
 * try {
 *   const result = await enforcer.enforce({ direction: "input", messages });
 *   const safe = result.redactedMessages ?? messages;
 * } catch (error) {
 *   if (error instanceof AnthalePolicyViolationError) console.log("blocked:", error.result.action);
 *   else throw error;
 * }
 * ```
 */
export class PolicyEnforcer {
  /** The policy this enforcer checks against. */
  readonly policyId: string;
  /** The client requests go through. */
  readonly client: Anthale;
  /** Metadata sent with every check. */
  readonly metadata: Metadata | undefined;

  constructor(options: PolicyEnforcerOptions) {
    this.policyId = validatePolicyIdentifier(options?.policyId, "options.policyId");
    this.client =
      options.client ?? new Anthale(options.apiKey === undefined ? {} : { apiKey: options.apiKey });
    this.metadata = options.metadata;
  }

  /** Checks `messages`; resolves to the result unless the policy blocks, which throws. */
  async enforce(input: PolicyEnforcerInput, options?: RequestOptions): Promise<EnforceResult> {
    const metadata =
      this.metadata === undefined && input.metadata === undefined
        ? undefined
        : { ...this.metadata, ...input.metadata };
    const result = await this.client.organizations.policies.enforce(
      this.policyId,
      { direction: input.direction, messages: input.messages, ...(metadata ? { metadata } : {}) },
      options,
    );
    if (!passing.has(result.action)) throw new AnthalePolicyViolationError(input.direction, result);
    return result;
  }
}
