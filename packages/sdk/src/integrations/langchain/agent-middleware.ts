// The LangChain agent middleware: checks what the model of a `createAgent` agent receives (system
// message and messages), its answer, and the arguments of the tools it calls.
import type { AIMessage, BaseMessage, ToolMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import { type AgentMiddleware, MIDDLEWARE_BRAND } from "langchain";
import { type CallOptions, Guard, type GuardOptions, PayloadMapping } from "../shared/index.js";
import { checkAnswer, messagesAdapter, rebuildAt } from "./messages-adapter.js";

type WrapModelCall = NonNullable<AgentMiddleware["wrapModelCall"]>;
type ModelRequest = Parameters<WrapModelCall>[0];
type ModelHandler = Parameters<WrapModelCall>[1];
type WrapToolCall = NonNullable<AgentMiddleware["wrapToolCall"]>;
type ToolRequest = Parameters<WrapToolCall>[0];
type ToolHandler = Parameters<WrapToolCall>[1];

/** Options of {@link AnthaleLangchainMiddleware}. */
export type AnthaleLangchainMiddlewareOptions = GuardOptions;

/**
 * Agent middleware for `createAgent({ middleware: [...] })`: checks what the model is about to
 * receive (system message and messages) before each model call, the model's answer after it, and
 * a tool call's arguments before the tool runs. `block` throws `AnthalePolicyViolationError`
 * (wrapped by the agent in a `MiddlewareError` whose `cause` it is: `policyViolationOf` finds
 * it); `redact` rewrites the request (the system message included), the answer or the arguments,
 * and writes redacted messages back into the agent state so later turns do not resend raw text.
 * The run's `signal` applies to the checks too. Tokens already streamed with
 * `streamMode: "messages"` are not rewritten; use `guardChatModel` to guard a token stream.
 *
 * @example
 * ```ts
 * import { createAgent } from "langchain";
 * import { AnthaleLangchainMiddleware } from "@anthale/sdk/langchain";
 *
 * const agent = createAgent({
 *   model: "openai:gpt-4o-mini",
 *   tools: [],
 *   middleware: [new AnthaleLangchainMiddleware({ policyId: process.env.ANTHALE_POLICY_ID! })],
 * });
 * await agent.invoke({ messages: [{ role: "user", content: "What is the best season to visit Lisbon?" }] });
 * ```
 */
export class AnthaleLangchainMiddleware {
  /** The middleware's name, unique within an agent. */
  readonly name = "AnthaleLangchainMiddleware";
  readonly #guard: Guard;

  constructor(options: AnthaleLangchainMiddlewareOptions) {
    this.#guard = new Guard(options, "langchain");
    // The mark `createAgent` knows middleware by, as `createMiddleware` sets it.
    Object.defineProperty(this, MIDDLEWARE_BRAND, { value: true, enumerable: true });
  }

  /** Checks the model's input before the call and its answer after it. */
  wrapModelCall = async (request: ModelRequest, handler: ModelHandler) => {
    const guard = this.#guard;
    const options: CallOptions = { signal: request.runtime?.signal };
    // The system message goes first; the agent keeps it apart from the messages (and from its
    // state), and takes a new one in place of it, as long as `systemPrompt` is left alone.
    const system = request.systemMessage;
    const messages: BaseMessage[] = request.messages;
    const mapping = messagesAdapter.request({ messages: [system, ...messages] });
    const before = mapping.root;
    const outcome = await guard.send({
      mapping,
      options,
      call: async (payload) =>
        handler({
          ...request,
          systemMessage: rebuildAt(system, 0, before, payload),
          messages: messages.map((message, index) =>
            rebuildAt(message, index + 1, before, payload),
          ),
        }),
    });
    const answer: AIMessage = outcome.response;
    // The answer and its redacted copy share one id: the agent state matches messages by id.
    answer.id ??= globalThis.crypto.randomUUID();
    const safeAnswer = await checkAnswer(guard, answer, outcome.messages, options);
    const changed = messages
      .map((message, index) => rebuildAt(message, index + 1, before, outcome.payload))
      .filter((message, index) => message !== messages[index] && message.id !== undefined);
    if (changed.length === 0) return safeAnswer;
    if (safeAnswer !== answer) Object.assign(answer, { content: safeAnswer.content });
    return new Command({ update: { messages: [...changed, safeAnswer] } });
  };

  /** Checks a tool call's arguments before the tool runs. */
  wrapToolCall = async (
    request: ToolRequest,
    handler: ToolHandler,
  ): Promise<ToolMessage | Command> => {
    const mapping = new PayloadMapping(request.toolCall).add("assistant", [
      { path: ["args"], json: true },
    ]);
    const result = await this.#guard.check("output", mapping.messages, {
      signal: request.runtime?.signal,
    });
    const toolCall = mapping.apply(result);
    return handler(toolCall === request.toolCall ? request : { ...request, toolCall });
  };
}
