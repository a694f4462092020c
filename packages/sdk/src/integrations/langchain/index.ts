// The public entry `@anthale/sdk/langchain`: the agent middleware and the guarded chat model.
/**
 * Anthale guards for LangChain: `@anthale/sdk/langchain`.
 *
 * @module @anthale/sdk/langchain
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { GuardOptions } from "../shared/index.js";
import { GuardedChatModel } from "./guard-chat-model.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/public-types.js";
export { policyViolationOf } from "../shared/public-types.js";
export {
  AnthaleLangchainMiddleware,
  type AnthaleLangchainMiddlewareOptions,
} from "./agent-middleware.js";
export { GuardedChatModel } from "./guard-chat-model.js";

/**
 * Wraps a chat model in a Runnable whose `invoke`, `batch` and `stream` check the input before the
 * model and the answer after it; `stream` really streams, released as the `stream` option says.
 *
 * @example
 * ```ts
 * import { ChatOpenAI } from "@langchain/openai";
 * import { guardChatModel } from "@anthale/sdk/langchain";
 *
 * const model = guardChatModel(new ChatOpenAI({ model: "gpt-4o-mini" }), {
 *   policyId: process.env.ANTHALE_POLICY_ID!,
 *   stream: "window",
 * });
 * for await (const chunk of await model.stream("What is the best season to visit Lisbon?")) {
 *   process.stdout.write(chunk.text);
 * }
 * ```
 */
export function guardChatModel(model: BaseChatModel, options: GuardOptions): GuardedChatModel {
  return new GuardedChatModel(model, options);
}
