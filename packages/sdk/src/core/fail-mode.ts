// What happens when Anthale cannot decide: the fail modes, which errors count as outages, and the
// handler told about a failure.
import {
  AnthaleValidationError,
  APIConnectionError,
  APIError,
  APIUserAbortError,
  InvalidResponseError,
  RedirectError,
  ResponseTooLargeError,
} from "../base/errors.js";
import type { Direction, EnforceResult, Metadata, RequestOptions } from "../base/types.js";
import { invalid } from "../checks/input-checks.js";
import { isRetryableStatus } from "../transport/retry.js";

/**
 * What {@link PolicyEnforcer} (and every integration) does when Anthale cannot give a decision:
 * - `"closed"` (default): the error is thrown and nothing reaches the model;
 * - `"open"`: the call continues as if the policy allowed it, unchecked; the error goes to
 *   `onError` and to the logger at warn level.
 *
 * It applies to outages only: no connection, a timeout, 408, 409, 429 and 5xx once retries are
 * spent, and a 2xx answer that is not a policy result. It never applies to what waiting would not
 * fix and what a caller or an attacker could cause on purpose: a configuration mistake (a bad key,
 * header or URL, a 401, 403 or 404, a redirect), a request the API refuses (400, 413, 422 and any
 * other 4xx), an answer over the size limit (its size can follow the input's), bad input (`AnthaleValidationError`), the caller's own abort (`APIUserAbortError`),
 * or a policy decision (`block`, an unknown action or a redaction that cannot be applied throw
 * `AnthalePolicyViolationError`): those are thrown in both modes.
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

/** Whether `error` is an outage, the only kind of error the fail mode applies to (see {@link FailMode}). */
export function isOutage(error: unknown): error is APIError {
  if (
    !(error instanceof APIError) ||
    error instanceof APIUserAbortError ||
    error instanceof RedirectError ||
    error instanceof ResponseTooLargeError
  ) {
    return false;
  }
  const { status } = error;
  return (
    error instanceof APIConnectionError ||
    error instanceof InvalidResponseError ||
    (status !== undefined && isRetryableStatus(status))
  );
}

/** Whether a caller in `failMode` lets the messages go on unchecked when a check fails with `error`. */
export function failsOpen(error: unknown, failMode: FailMode): boolean {
  return failMode === "open" && isOutage(error);
}

/** The fail mode of the calls made by a policy enforcer, by the request options it made them with. */
const failModeOfCall = new WeakMap<object, FailMode>();

/**
 * Request options for a call made by an enforcer in `failMode`: a copy of `options` (an object or
 * `undefined`; anything else is returned as it is, for `enforce` to refuse) that
 * {@link failModeOf} recognises, so that the span of the call can say when it failed open. The
 * copy holds the same options; the caller's object is left alone.
 */
export function withFailMode(options: unknown, failMode: FailMode): unknown {
  const isObject = typeof options === "object" && options !== null && !Array.isArray(options);
  if (options !== undefined && !isObject) return options;
  const copy: RequestOptions = { ...(options as RequestOptions | undefined) };
  failModeOfCall.set(copy, failMode);
  return copy;
}

/** The fail mode of the enforcer that made a call with `options`; `"closed"` for any other call. */
export function failModeOf(options: object): FailMode {
  return failModeOfCall.get(options) ?? "closed";
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
