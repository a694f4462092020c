// PolicyEnforcer: one policy enforced for the integrations and the applications that want a block
// thrown, with the fail mode applied.
import { AnthalePolicyViolationError, AnthaleValidationError } from "../base/errors.js";
import type {
  Direction,
  EnforceResult,
  KnownAction,
  Message,
  Metadata,
  RequestOptions,
} from "../base/types.js";
import { checkMetadata, checkPolicyIdentifier } from "../checks/input-checks.js";
import { mergeMetadata } from "../request/metadata.js";
import { describeThrown } from "../support/describe-thrown.js";
import { Anthale, clientLog } from "./anthale.js";
import {
  checkErrorHandler,
  checkFailMode,
  type EnforceErrorHandler,
  type FailMode,
  failedOpenResult,
  isOutage,
  type PolicyEnforcerResult,
  withFailMode,
} from "./fail-mode.js";

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
  /**
   * What to do when Anthale cannot give a decision (unreachable, timing out, failing, answering
   * something that is not a result): `"closed"` (default) throws, `"open"` lets the call go on
   * unchecked. See {@link FailMode}.
   */
  failMode?: FailMode;
  /** Called with every error the fail mode applies to, in both modes. See {@link EnforceErrorHandler}. */
  onError?: EnforceErrorHandler;
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

/** The actions that let a call go on; any other (`block`, or one this SDK does not know) stops it. */
const passing = new Set<string>(["allow", "detect", "redact"] satisfies KnownAction[]);

/**
 * Enforces one policy and throws when it blocks: the path integrations use, where a decision to
 * stop must interrupt the call. `allow`, `detect` and `redact` return the result; on `redact`,
 * `redactedMessages` is always there, complete. `block`, any action this SDK does not know, and a
 * `redact` whose redaction cannot be applied in full (`result.redaction.complete` false) throw
 * {@link AnthalePolicyViolationError} (its `reason` says which), in both fail modes. When Anthale
 * cannot decide, `failMode` picks between throwing (`"closed"`, the default) and going on unchecked
 * (`"open"`, with `failedOpen: true`).
 *
 * @example
 * ```ts
 * import { AnthalePolicyViolationError, PolicyEnforcer } from "@anthale/sdk";
 *
 * const enforcer = new PolicyEnforcer({
 *   policyId: process.env.ANTHALE_POLICY_ID!,
 *   failMode: "open",
 *   onError: (error, { direction }) => console.error(`Anthale unavailable (${direction}):`, error.message),
 * });
 * try {
 *   const result = await enforcer.enforce({ direction: "input", messages });
 *   // On redact, the redacted conversation (always complete here); otherwise the messages as sent.
 *   const safe = result.action === "redact" ? result.redactedMessages! : messages;
 * } catch (error) {
 *   if (error instanceof AnthalePolicyViolationError) console.log("stopped:", error.reason);
 *   else throw error;
 * }
 * ```
 */
export class PolicyEnforcer {
  /** The policy this enforcer checks against. */
  declare readonly policyId: string;
  /** The client requests go through. */
  declare readonly client: Anthale;
  /** Metadata sent with every check. */
  declare readonly metadata: Metadata | undefined;
  /** What happens when Anthale cannot give a decision. */
  declare readonly failMode: FailMode;
  readonly #onError: EnforceErrorHandler | undefined;

  constructor(options: PolicyEnforcerOptions) {
    if (options === null || typeof options !== "object") {
      throw new AnthaleValidationError("options", "must be an object with at least policyId");
    }
    const { apiKey, client, metadata } = options;
    if (client !== undefined && apiKey !== undefined) {
      throw new AnthaleValidationError(
        "options.apiKey",
        "must be left out when options.client is given (the client holds its own key)",
      );
    }
    if (
      client !== undefined &&
      typeof (client as Partial<Anthale>)?.organizations?.policies?.enforce !== "function"
    ) {
      throw new AnthaleValidationError("options.client", "must be an Anthale client");
    }
    this.policyId = checkPolicyIdentifier(options?.policyId, "options.policyId");
    this.failMode = checkFailMode(options.failMode, "options.failMode");
    this.#onError = checkErrorHandler(options.onError, "options.onError");
    this.client = client ?? new Anthale(apiKey === undefined ? {} : { apiKey });
    this.metadata =
      metadata === undefined ? undefined : checkMetadata(metadata, "options.metadata");
  }

  /**
   * Checks `messages`. Resolves to the result unless the policy stops them (a block, an unknown
   * action, or a redaction that cannot be applied), which throws; when Anthale cannot decide,
   * throws the error (`failMode: "closed"`) or resolves to a result with `action: "allow"` and
   * `failedOpen: true` (`failMode: "open"`).
   */
  async enforce(
    input: PolicyEnforcerInput,
    options?: RequestOptions,
  ): Promise<PolicyEnforcerResult> {
    const { policyId, failMode } = this;
    const { direction, messages } = input;
    const metadata = mergeMetadata(this.metadata, input.metadata);
    // In "open" mode, the options are marked so that the span of a call that fails open says so.
    const callOptions = failMode === "open" ? withFailMode(options, failMode) : options;
    let result: EnforceResult;
    try {
      result = await this.client.organizations.policies.enforce(
        policyId,
        { direction, messages, metadata },
        callOptions as RequestOptions | undefined,
      );
    } catch (error) {
      if (!isOutage(error)) throw error;
      const log = clientLog(this.client);
      const complain = (problem: unknown) =>
        log.error(`options.onError failed: ${describeThrown(problem)}`);
      try {
        // Not awaited: a slow or failing hook never delays or changes the outcome.
        Promise.resolve(
          this.#onError?.(error, { policyId, direction, failMode, ...(metadata && { metadata }) }),
        ).catch(complain);
      } catch (problem) {
        complain(problem);
      }
      if (failMode === "closed") throw error;
      log.warn(
        `Policy ${policyId} could not check the ${direction} (${error.name}: ${error.message}); failMode is "open", so it goes on unchecked.`,
      );
      return failedOpenResult(error);
    }
    if (!passing.has(result.action)) throw new AnthalePolicyViolationError(direction, result);
    // A redaction that cannot be applied is a decision the SDK cannot carry out: it stops the
    // messages in both fail modes, like an unknown action (it is no outage).
    if (result.action === "redact" && !(result.redaction?.complete && result.redactedMessages)) {
      throw new AnthalePolicyViolationError(direction, result, "incomplete-redaction");
    }
    return result;
  }
}
