/**
 * Anthale guard for the OpenAI client: `@anthale/sdk/openai`.
 *
 * @packageDocumentation
 */
import type OpenAI from "openai";
import { Guard, type GuardOptions, guardStainlessMethod, markGuarded } from "../shared/index.js";
import { chatCompletionsAdapter } from "./chat-completions.js";
import { completionsAdapter } from "./completions.js";
import { responsesAdapter } from "./responses.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/index.js";

/** Options of {@link guardOpenAI}. */
export type GuardOpenAIOptions = GuardOptions;

/**
 * Guards an OpenAI client in place: `chat.completions.create`, `responses.create` and the legacy
 * `completions.create` (and the helpers built on them, such as `chat.completions.stream`,
 * `chat.completions.parse` and `responses.stream`) check their input with the policy before the
 * request and their answer after it, streamed or not. `block`
 * throws `AnthalePolicyViolationError` (on input, before anything is sent); `redact` rewrites the
 * request or the answer. Returns the same client; guarding it again changes nothing.
 *
 * `asResponse()` is refused on guarded calls, since the raw response would skip the output check.
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
  guardStainlessMethod(openai.chat.completions, "create", guard, chatCompletionsAdapter);
  guardStainlessMethod(openai.responses, "create", guard, responsesAdapter);
  guardStainlessMethod(openai.completions, "create", guard, completionsAdapter);
  return openai;
}

/** Alias of {@link guardOpenAI}. */
export const guardOpenAIClient = guardOpenAI;
