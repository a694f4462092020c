// The public entry `@anthale/sdk/openai`: the guard of an OpenAI client.
/**
 * Anthale guard for the OpenAI client: `@anthale/sdk/openai`.
 *
 * @module @anthale/sdk/openai
 */
import type OpenAI from "openai";
import { Guard, type GuardOptions, guardStainlessMethod, markGuarded } from "../shared/index.js";
import { chatCompletionsAdapter } from "./chat-completions-adapter.js";
import { completionsAdapter } from "./completions-adapter.js";
import { openaiFramework } from "./framework-internals.js";
import { responsesAdapter } from "./responses-adapter.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/public-types.js";
export { policyViolationOf } from "../shared/public-types.js";

/** Options of {@link guardOpenAI}. */
export type GuardOpenAIOptions = GuardOptions;

/**
 * Guards an OpenAI client in place: `chat.completions.create`, `responses.create` and the legacy
 * `completions.create` (and the helpers built on them, such as `chat.completions.stream`,
 * `chat.completions.parse` and `responses.stream`) check their input with the policy before the
 * request and their answer after it, streamed or not. `block`
 * throws `AnthalePolicyViolationError` (on input, before anything is sent); `redact` rewrites the
 * request or the answer. Returns the same client; guarding it again changes nothing. The call's
 * `signal` and `timeout` apply to the checks too: aborting it aborts a pending check.
 *
 * `asResponse()` is refused on guarded calls, since the raw response would skip the output check.
 * The stream helpers (`chat.completions.stream`, `responses.stream`) report a violation as an
 * `OpenAIError` whose `cause` is the violation: {@link policyViolationOf} finds it.
 *
 * @example
 * ```ts
 * import OpenAI from "openai";
 * import { guardOpenAI } from "@anthale/sdk/openai";
 *
 * const openai = guardOpenAI(new OpenAI(), { policyId: process.env.ANTHALE_POLICY_ID! });
 * const completion = await openai.chat.completions.create({
 *   model: "gpt-4o-mini",
 *   messages: [{ role: "user", content: "What is the best season to visit Lisbon?" }],
 * });
 * ```
 */
export function guardOpenAI<T extends OpenAI>(openai: T, options: GuardOpenAIOptions): T {
  const guard = new Guard(options, "openai");
  if (markGuarded(openai)) return openai;
  const framework = openaiFramework;
  guardStainlessMethod(framework, openai.chat.completions, "create", guard, chatCompletionsAdapter);
  guardStainlessMethod(framework, openai.responses, "create", guard, responsesAdapter);
  guardStainlessMethod(framework, openai.completions, "create", guard, completionsAdapter);
  return openai;
}

/** Alias of {@link guardOpenAI}. */
export const guardOpenAIClient = guardOpenAI;
