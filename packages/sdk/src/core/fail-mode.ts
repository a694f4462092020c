import { invalid } from "../internal/validation.js";
import { AnthaleValidationError, APIError, APIUserAbortError } from "./errors.js";
import type { Direction, EnforceResult, Metadata } from "./types.js";

/**
 * What {@link PolicyEnforcer} (and every integration) does when Anthale cannot give a decision:
 * - `"closed"` (default): the error is thrown and nothing reaches the model;
 * - `"open"`: the call continues as if the policy allowed it, unchecked; the error goes to
 *   `onError` and to the logger at warn level.
 *
 * It applies to every `APIError` (connection refused or reset, timeout, 429 and 5xx once retries
 * are spent, other 4xx such as a bad API key, an answer that is not a policy result). It never
 * applies to a policy decision (`block`, or an unknown action, always throws
 * `AnthalePolicyViolationError`), to bad input (`AnthaleValidationError`), or to the caller's own
 * abort (`APIUserAbortError`): those are thrown in both modes.
 */
export type FailMode = "closed" | "open";

/** What {@link EnforceErrorHandler} is told besides the error. */
export interface EnforceErrorContext {
  /** The policy that could not be checked. */
  policyId: string;
  /** The side of the model that could not be checked. */
  direction: Direction;
  /** The enforcer's fail mode: `"open"` when the call goes on unchecked, `"closed"` when it stops. */
  failMode: FailMode;
  /** The metadata the check carried (the enforcer's merged with the call's), if any. */
  metadata?: Metadata;
}

/**
 * Called with every error the fail mode applies to, in both modes, before the error is thrown
 * (`"closed"`) or the call goes on (`"open"`). It is not awaited; whatever it throws or rejects
 * with is logged at error level and changes nothing.
 */
export type EnforceErrorHandler = (
  error: APIError,
  context: EnforceErrorContext,
) => void | Promise<void>;

/**
 * The result of a check that failed open: `action` is `"allow"` so the call goes on, `failedOpen`
 * is `true`, `error` says why, and `enforcerIdentifier` is empty because no enforcer decided.
 */
export interface FailedOpenResult extends EnforceResult {
  action: "allow";
  /** Always `true`: Anthale gave no decision and the messages were NOT checked. */
  failedOpen: true;
  /** Why no decision came. */
  error: APIError;
}

/** What `PolicyEnforcer.enforce` resolves to: a decision, or a check that failed open. */
export type PolicyEnforcerResult = EnforceResult | FailedOpenResult;

/** Whether `error` is one the fail mode applies to (see {@link FailMode}). */
export function isOutage(error: unknown): error is APIError {
  return error instanceof APIError && !(error instanceof APIUserAbortError);
}

/** Whether a result came from a check that failed open. */
export function isFailedOpen(result: PolicyEnforcerResult | undefined): result is FailedOpenResult {
  return (result as Partial<FailedOpenResult> | undefined)?.failedOpen === true;
}

/** The result returned when a check fails open. */
export function failedOpenResult(error: APIError): FailedOpenResult {
  return { action: "allow", enforcerIdentifier: "", failedOpen: true, error };
}

/** Throws unless `value` is a fail mode; `undefined` means `"closed"`. */
export function checkFailMode(value: unknown, path: string): FailMode {
  if (value === undefined || value === "closed" || value === "open") return value ?? "closed";
  throw invalid(path, '"closed" or "open"', value);
}

/** Throws unless `value` is a function or `undefined`. */
export function checkErrorHandler(value: unknown, path: string): EnforceErrorHandler | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new AnthaleValidationError(path, `must be a function, got ${typeof value}`);
  }
  return value as EnforceErrorHandler | undefined;
}
