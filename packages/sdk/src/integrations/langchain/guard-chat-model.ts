// The guarded LangChain chat model: a Runnable that checks a chat model's input and answer,
// whole or streamed.
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import {
  type AIMessageChunk,
  type BaseMessage,
  coerceMessageLikeToMessage,
  HumanMessage,
} from "@langchain/core/messages";
import { Runnable, type RunnableConfig } from "@langchain/core/runnables";
import {
  type CallOptions,
  Guard,
  type GuardOptions,
  linkedSignal,
  metadataOf,
  recordOf,
} from "../shared/index.js";
import {
  checkAnswer,
  type MessagesPayload,
  messagesAdapter,
  rebuildAll,
} from "./messages-adapter.js";

function toMessages(input: BaseLanguageModelInput): BaseMessage[] {
  if (typeof input === "string") return [new HumanMessage(input)];
  if (Array.isArray(input)) return input.map((item) => coerceMessageLikeToMessage(item));
  return input.toChatMessages();
}

/** The signal, timeout and metadata a call's config gives its checks. */
function callOptions(config: Partial<RunnableConfig> | undefined): CallOptions {
  return {
    signal: config?.signal,
    timeout: config?.timeout,
    metadata: metadataOf(recordOf(config?.configurable).anthaleMetadata),
  };
}

/**
 * A chat model behind the policy: a Runnable whose `invoke`, `batch` and `stream` check the input
 * before the model and the answer after it. `stream` really streams, as the `stream` option says.
 * Per-call metadata goes in `config.configurable.anthaleMetadata`; the config's `signal` and
 * `timeout` apply to the checks too.
 */
export class GuardedChatModel extends Runnable<BaseLanguageModelInput, AIMessageChunk> {
  /** Name of this runnable in traces. */
  static override lc_name(): string {
    return "GuardedChatModel";
  }

  /** Serialization namespace of this runnable. */
  lc_namespace = ["anthale", "langchain"];
  /** The model being guarded. */
  readonly model: BaseChatModel;
  readonly #guard: Guard;

  constructor(model: BaseChatModel, options: GuardOptions) {
    super();
    this.model = model;
    this.#guard = new Guard(options, "langchain");
  }

  /** Checks the input, then calls the model (`call`) with it, redacted on `redact`. */
  async #send<R>(
    input: BaseLanguageModelInput,
    config: Partial<RunnableConfig> | undefined,
    call: (messages: BaseMessage[], config: Partial<RunnableConfig>) => Promise<R>,
  ) {
    const messages = toMessages(input);
    const options = callOptions(config);
    const mapping = messagesAdapter.request({ messages });
    const outcome = await this.#guard.send({
      mapping,
      options,
      call: (payload: MessagesPayload, signal) =>
        call(rebuildAll(messages, mapping.root, payload), {
          ...config,
          ...(signal ? { signal } : {}),
        }),
    });
    return { ...outcome, options };
  }

  /** Checks the input, calls the model, checks its answer; redaction applied both ways. */
  override async invoke(
    input: BaseLanguageModelInput,
    config?: RunnableConfig,
  ): Promise<AIMessageChunk> {
    const { response, messages, options } = await this.#send(input, config, (safe, modelConfig) =>
      this.model.invoke(safe, modelConfig),
    );
    return checkAnswer(this.#guard, response, messages, options);
  }

  /** Checks the input, then streams the model's answer released as the `stream` option says. */
  override async *_streamIterator(
    input: BaseLanguageModelInput,
    config?: Partial<RunnableConfig>,
  ): AsyncGenerator<AIMessageChunk> {
    // Stops the model's stream when the guarded one stops early.
    const controller = new AbortController();
    const signal = linkedSignal(config?.signal, controller);
    const { response, messages, options } = await this.#send(
      input,
      { ...config, signal },
      (safe, modelConfig) => this.model.stream(safe, modelConfig),
    );
    const reader = messagesAdapter.chunks();
    yield* this.#guard.guardStream({
      source: response,
      read: reader.read,
      write: reader.write,
      context: messages,
      options,
      cancel: () => controller.abort(),
    });
  }
}
