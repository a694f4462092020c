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
  Guard,
  type GuardOptions,
  linkedSignal,
  metadataOf,
  piecesAt,
  recordOf,
  type StreamPiece,
  writePieces,
} from "../shared/index.js";
import {
  checkAnswer,
  type MessagesPayload,
  messagePieces,
  messagesMapping,
  rebuild,
  rebuildAll,
} from "./message-mapping.js";

function toMessages(input: BaseLanguageModelInput): BaseMessage[] {
  if (typeof input === "string") return [new HumanMessage(input)];
  if (Array.isArray(input)) return input.map((item) => coerceMessageLikeToMessage(item));
  return input.toChatMessages();
}

// Each content block, tool call and field is a channel of its own (see `MessagePiece`).
function chunkPieces(chunk: AIMessageChunk): StreamPiece[] {
  return piecesAt(chunk, messagePieces(chunk, []));
}

function writeChunk(chunk: AIMessageChunk, texts: string[]): AIMessageChunk {
  const written = writePieces(chunk, chunkPieces(chunk), texts);
  return written === chunk ? chunk : rebuild(chunk, written);
}

/**
 * A chat model behind the policy: a Runnable whose `invoke`, `batch` and `stream` check the input
 * before the model and the answer after it. `stream` really streams, as the `stream` option says.
 * Per-call metadata goes in `config.configurable.anthaleMetadata`.
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

  async #send(input: BaseLanguageModelInput, config: RunnableConfig | undefined, stream: boolean) {
    const messages = toMessages(input);
    const metadata = metadataOf(recordOf(config?.configurable).anthaleMetadata);
    const mapping = messagesMapping(messages);
    const outcome = await this.#guard.send({
      mapping,
      metadata,
      signal: config?.signal,
      call: async (payload: MessagesPayload, signal) => {
        const safe = rebuildAll(messages, mapping.root, payload);
        const options = { ...config, ...(signal ? { signal } : {}) };
        return stream ? this.model.stream(safe, options) : this.model.invoke(safe, options);
      },
    });
    return { ...outcome, metadata };
  }

  /** Checks the input, calls the model, checks its answer; redaction applied both ways. */
  override async invoke(
    input: BaseLanguageModelInput,
    config?: RunnableConfig,
  ): Promise<AIMessageChunk> {
    const { response, messages, metadata } = await this.#send(input, config, false);
    return checkAnswer(this.#guard, response as AIMessageChunk, messages, metadata);
  }

  /** Checks the input, then streams the model's answer released as the `stream` option says. */
  override async *_streamIterator(
    input: BaseLanguageModelInput,
    config?: Partial<RunnableConfig>,
  ): AsyncGenerator<AIMessageChunk> {
    const controller = new AbortController();
    const signal = linkedSignal(config?.signal, controller);
    const { response, messages, metadata } = await this.#send(input, { ...config, signal }, true);
    yield* this.#guard.guardStream<AIMessageChunk>({
      source: response as AsyncIterable<AIMessageChunk>,
      read: chunkPieces,
      write: writeChunk,
      context: messages,
      metadata,
      cancel: () => controller.abort(),
    });
  }
}
