// Finding the policy violation behind an error a framework wrapped around it.
import { AnthalePolicyViolationError } from "../../base/errors.js";

/** How many `cause`s deep {@link policyViolationOf} looks. */
const maxDepth = 8;

/**
 * The `AnthalePolicyViolationError` behind `error`: `error` itself, or the first violation along
 * its chain of `cause`s (at most 8 deep); `undefined` when there is none. Some framework helpers
 * report what a guarded call threw as an error of their own whose `cause` is it: OpenAI's stream
 * helpers (`chat.completions.stream(...).finalChatCompletion()`) as an `OpenAIError`, Anthropic's
 * (`messages.stream(...).finalText()`) as an `AnthropicError`, a LangChain agent as a
 * `MiddlewareError`.
 *
 * @example
 * ```ts
 * try {
 *   await openai.chat.completions.stream(params).finalChatCompletion();
 * } catch (error) {
 *   const violation = policyViolationOf(error);
 *   if (!violation) throw error;
 *   console.log(`Stopped by the policy (${violation.direction}): ${violation.reason}`);
 * }
 * ```
 */
export function policyViolationOf(error: unknown): AnthalePolicyViolationError | undefined {
  let current = error;
  for (let depth = 0; depth <= maxDepth && current instanceof Error; depth++) {
    if (current instanceof AnthalePolicyViolationError) return current;
    current = current.cause;
  }
  return undefined;
}
