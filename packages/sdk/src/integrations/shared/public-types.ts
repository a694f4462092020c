// What every integration entry exports alike, documented once on its own page of the API reference.
/**
 * The options, types and helper that every integration entry exports alike
 * (`@anthale/sdk/openai`, `@anthale/sdk/anthropic`, `@anthale/sdk/google`,
 * `@anthale/sdk/langchain`, `@anthale/sdk/ai-sdk`): import them from the entry of the framework
 * you use.
 *
 * @example
 * ```ts
 * import { type GuardOptions, policyViolationOf } from "@anthale/sdk/openai";
 * ```
 *
 * @module Shared integration types
 */

export type { Decision, GuardOptions, StreamMode } from "./options.js";
export { policyViolationOf } from "./policy-violation.js";
