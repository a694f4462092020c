// The public entry `@anthale/sdk/testing`: the in-process fake of the Anthale API and its answer
// builders, for the tests of applications that use the SDK.
/**
 * `@anthale/sdk/testing`: test an application's guard handling without the Anthale API.
 *
 * `createTestAnthale({ decide })` is an in-process fake of the API: its `client` (or its `fetch`,
 * for `new Anthale({ fetch })`) goes to `PolicyEnforcer` and every integration, each request is
 * recorded for assertions, and `decide` answers it with a builder: `allow()`, `detect(...)`,
 * `block(...)`, `redact(...)`, an error by status, a latency or an outage.
 *
 * @example
 * ```ts
 * import { PolicyEnforcer } from "@anthale/sdk";
 * import { createTestAnthale, redact, testPolicyId } from "@anthale/sdk/testing";
 *
 * const anthale = createTestAnthale({
 *   decide: () => redact({ span: "jane.doe@example.com", category: "email" }),
 * });
 * const enforcer = new PolicyEnforcer({ policyId: testPolicyId, client: anthale.client });
 * const result = await enforcer.enforce({
 *   direction: "input",
 *   messages: [{ role: "user", content: "Mail jane.doe@example.com" }],
 * });
 * console.log(result.redactedMessages); // [{ role: "user", content: "Mail [REDACTED:email]" }]
 * ```
 *
 * @module @anthale/sdk/testing
 */
export type { TestAnswer } from "./answer.js";
export {
  type Decide,
  type DecideContext,
  type ResultBody,
  sequence,
  type TestDecision,
} from "./decide.js";
export {
  badGateway,
  type ErrorAnswerOptions,
  forbidden,
  httpError,
  notFound,
  type RetryAfterOptions,
  rateLimited,
  serverError,
  serviceUnavailable,
  unauthorized,
  unprocessable,
} from "./error-answers.js";
export { connectionRefused, connectionReset, hang, latency } from "./outages.js";
export type { RecordedRequest } from "./recorded-request.js";
export {
  allow,
  block,
  type ContentModerationFlag,
  type DataLeakageFlag,
  detect,
  type FlagBase,
  type FlagOptions,
  type GuardrailKey,
  type PromptInjectionFlag,
  type RedactSpan,
  redact,
  type TopicControlFlag,
} from "./results.js";
export {
  createTestAnthale,
  type TestAnthale,
  type TestAnthaleOptions,
  type TestFetch,
  type TestRateLimit,
  testApiKey,
  testBaseURL,
  testEnforcerIdentifier,
  testPolicyId,
} from "./test-anthale.js";
export { TestAnthaleError } from "./test-anthale-error.js";
