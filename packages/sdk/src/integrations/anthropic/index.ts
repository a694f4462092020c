// The public entry `@anthale/sdk/anthropic`: the guard of an Anthropic client.
/**
 * Anthale guard for the Anthropic client: `@anthale/sdk/anthropic`.
 *
 * @module @anthale/sdk/anthropic
 */
import type Anthropic from "@anthropic-ai/sdk";
import { Guard, type GuardOptions, guardStainlessMethod, markGuarded } from "../shared/index.js";
import { anthropicFramework } from "./framework-internals.js";
import { messagesAdapter } from "./messages-adapter.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/public-types.js";
export { policyViolationOf } from "../shared/public-types.js";

/** Options of {@link guardAnthropic}. */
export type GuardAnthropicOptions = GuardOptions;

/**
 * Guards an Anthropic client in place: `messages.create` and `beta.messages.create` (and the
 * helpers built on them: `stream`, `parse`, `toolRunner`, message threads) check the system prompt
 * and messages (text, documents, search results, tool uses and tool results) before the request,
 * and the answer after it, streamed or not. `block` throws `AnthalePolicyViolationError` (on input, before
 * anything is sent); `redact` rewrites the request or the answer. Returns the same client; guarding
 * it again changes nothing. `asResponse()` is refused on guarded calls. The call's `signal` and
 * `timeout` apply to the checks too: aborting it aborts a pending check. The stream helpers
 * (`messages.stream`) report a violation as an `AnthropicError` whose `cause` is the violation:
 * {@link policyViolationOf} finds it.
 *
 * @example
 * ```ts
 * import Anthropic from "@anthropic-ai/sdk";
 * import { guardAnthropic } from "@anthale/sdk/anthropic";
 *
 * const anthropic = guardAnthropic(new Anthropic(), { policyId: process.env.ANTHALE_POLICY_ID! });
 * const message = await anthropic.messages.create({
 *   model: "claude-sonnet-4-5",
 *   max_tokens: 512,
 *   messages: [{ role: "user", content: "What is the best season to visit Lisbon?" }],
 * });
 * ```
 */
export function guardAnthropic<T extends Anthropic>(
  anthropic: T,
  options: GuardAnthropicOptions,
): T {
  const guard = new Guard(options, "anthropic");
  if (markGuarded(anthropic)) return anthropic;
  const framework = anthropicFramework;
  guardStainlessMethod(framework, anthropic.messages, "create", guard, messagesAdapter);
  // The beta surface takes the same messages, with more block types (read by the same rules).
  guardStainlessMethod(framework, anthropic.beta.messages, "create", guard, messagesAdapter);
  return anthropic;
}
