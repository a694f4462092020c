// LangChain side of the tests: chat models that answer with a given message or stream given chunks
// as they are, recording the messages they were called with.
import { SimpleChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessage, AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";

/** A chat model that answers every call with `answer`, and records what it received. */
export class MessageModel extends SimpleChatModel {
  /** The messages of every call, serialized. */
  readonly calls: string[] = [];

  constructor(readonly answer: AIMessage) {
    super({});
  }
  _llmType() {
    return "message";
  }
  async _call() {
    return "";
  }
  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.calls.push(JSON.stringify(messages));
    return { generations: [{ text: "", message: this.answer }] };
  }
}

/** A chat model that streams the given chunks as they are, and records what it received. */
export class ChunkModel extends SimpleChatModel {
  /** The messages of every call, serialized. */
  readonly calls: string[] = [];

  constructor(readonly chunks: AIMessageChunk[]) {
    super({});
  }
  _llmType() {
    return "chunks";
  }
  async _call() {
    return "";
  }
  override async *_streamResponseChunks(messages: BaseMessage[]) {
    this.calls.push(JSON.stringify(messages));
    for (const message of this.chunks) yield new ChatGenerationChunk({ message, text: "" });
  }
}

/** Every chunk of `stream` merged into one, as LangChain merges them. */
export async function merged(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk> {
  let all: AIMessageChunk | undefined;
  for await (const chunk of stream) all = all ? all.concat(chunk) : chunk;
  if (!all) throw new Error("The stream released no chunk");
  return all;
}
