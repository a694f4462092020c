/**
 * `@anthale/sdk`: enforce Anthale guardrail policies on LLM traffic.
 *
 * @example
 * ```ts
 * import Anthale from "@anthale/sdk";
 *
 * const client = new Anthale();
 * const result = await client.organizations.policies.enforce(policyId, { direction: "input", messages });
 * ```
 *
 * @module @anthale/sdk
 */
import { Anthale } from "./core/anthale.js";

export { Anthale };
export default Anthale;
export type {
  ContentSafetyEvaluation,
  ContextSafetyEvaluation,
  DataLeakageEvaluation,
  PolicyEnforcementResult,
  PromptInjectionEvaluation,
} from "@anthale/client";
export {
  AnthaleError,
  AnthalePolicyViolationError,
  AnthaleValidationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  type APIErrorInit,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  type PolicyViolationReason,
  RateLimitError,
  type RateLimitErrorInit,
  RedirectError,
  ResponseTooLargeError,
  UnprocessableEntityError,
} from "./base/errors.js";
export type {
  ContentBlock,
  ContentBlockType,
  Direction,
  EnforceAction,
  EnforceParams,
  EnforceResult,
  KnownAction,
  Message,
  MessageRole,
  Metadata,
  RateLimit,
  RedactionProblem,
  RedactionReport,
  RequestOptions,
} from "./base/types.js";
export { MAX_METADATA_DEPTH } from "./checks/input-checks.js";
export type { ClientOptions } from "./core/anthale.js";
export {
  type EnforceErrorContext,
  type EnforceErrorHandler,
  type FailedOpenResult,
  type FailMode,
  isFailedOpen,
  type PolicyEnforcerResult,
} from "./core/fail-mode.js";
export { Policies } from "./core/policies.js";
export {
  PolicyEnforcer,
  type PolicyEnforcerInput,
  type PolicyEnforcerOptions,
} from "./core/policy-enforcer.js";
export {
  maxRedactionSpanLength,
  maxRedactionThreads,
  redactMessages,
} from "./redaction/redact-messages.js";
export {
  applyRedactions,
  placeholder,
  type RedactedText,
  type Redaction,
  redactText,
  type Span,
  SpanMatcher,
  type TextRange,
} from "./redaction/redact-text.js";
export type { Logger, LogLevel } from "./support/log.js";
export type {
  SpanAttributes,
  SpanAttributeValue,
  SpanException,
  SpanLike,
  SpanStartOptions,
  TracerLike,
} from "./tracing/tracer-types.js";
export type { TracingOptions } from "./tracing/tracing-options.js";
export { MAX_ERROR_BODY_BYTES, MAX_RESULT_BYTES } from "./transport/read-body.js";
