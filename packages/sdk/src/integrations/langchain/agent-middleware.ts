import type { AIMessage, BaseMessage, ToolMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import type { AgentMiddleware } from "langchain";
import { Guard, type GuardOptions, PayloadMapping } from "../shared/index.js";
import {
  checkAnswer,
  type MessagesPayload,
  messagesMapping,
  rebuildAll,
} from "./message-mapping.js";

type WrapModelCall = NonNullable<AgentMiddleware["wrapModelCall"]>;
type ModelRequest = Parameters<WrapModelCall>[0];
type ModelHandler = Parameters<WrapModelCall>[1];
type WrapToolCall = NonNullable<AgentMiddleware["wrapToolCall"]>;
type ToolRequest = Parameters<WrapToolCall>[0];
type ToolHandler = Parameters<WrapToolCall>[1];

const middlewareBrand: unique symbol = Symbol.for("AgentMiddleware") as never;

/** Options of {@link AnthaleLangchainMiddleware}. */
export type AnthaleLangchainMiddlewareOptions = GuardOptions;

function withSystem(request: ModelRequest, system: string | undefined): Partial<ModelRequest> {
  if (system === undefined || system === request.systemPrompt) return {};
  const current = request.systemMessage as BaseMessage | undefined;
  const SystemMessage = current?.constructor as
    | (new (fields: {
        content: string;
      }) => BaseMessage)
    | undefined;
  return {
    systemPrompt: system,
    ...(SystemMessage ? { systemMessage: new SystemMessage({ content: system }) as never } : {}),
  };
}

/**
 * Agent middleware for `createAgent({ middleware: [...] })`: checks what the model is about to
 * receive (system prompt and messages) before each model call, the model's answer after it, and
 * a tool call's arguments before the tool runs. `block` throws `AnthalePolicyViolationError`
 * (wrapped by the agent in a `MiddlewareError` whose `cause` it is); `redact` rewrites the
 * request, the answer or the arguments, and writes redacted messages back into the agent state so
 * later turns do not resend raw text. Tokens already streamed with `streamMode: "messages"` are
 * not rewritten; use `guardChatModel` to guard a token stream.
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
  /** Marks this object as agent middleware. */
  readonly [middlewareBrand] = true;
  /** The middleware's name, unique within an agent. */
  readonly name = "AnthaleLangchainMiddleware";
  readonly #guard: Guard;

  constructor(options: AnthaleLangchainMiddlewareOptions) {
    this.#guard = new Guard(options, "langchain");
  }

  /** Checks the model's input before the call and its answer after it. */
  wrapModelCall = async (request: ModelRequest, handler: ModelHandler) => {
    const guard = this.#guard;
    const messages = request.messages as BaseMessage[];
    const mapping = messagesMapping(messages, request.systemPrompt);
    const outcome = await guard.send({
      mapping,
      signal: request.runtime?.signal,
      call: async (payload: MessagesPayload) =>
        (await handler({
          ...request,
          ...withSystem(request, payload.system),
          messages: rebuildAll(messages, mapping.root, payload),
        })) as AIMessage,
    });
    const answer = outcome.response;
    // The answer and its redacted copy share one id: the agent state matches messages by id.
    answer.id ??= globalThis.crypto.randomUUID();
    const safeAnswer = await checkAnswer(guard, answer, outcome.messages);
    const changed = rebuildAll(messages, mapping.root, outcome.payload).filter(
      (message, index) => message !== messages[index] && message.id !== undefined,
    );
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
    const result = await this.#guard.check("output", mapping.messages);
    const toolCall = mapping.apply(result);
    return handler(toolCall === request.toolCall ? request : { ...request, toolCall });
  };
}
