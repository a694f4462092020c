// A LangChain chat model for the conformance suite: it answers the last human message with the
// scripted answer (../helpers/scripted-answer.ts), whole or streamed in pieces of 5 characters, and
// records the contents of the messages of every call. A prompt holding "HANG" keeps its stream
// open after the last piece until the call's signal aborts. It takes tools (agents bind them) and
// never calls them.
import { SimpleChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { piecesOf } from "../helpers/fake-provider.js";
import { scriptedAnswer } from "../helpers/scripted-answer.js";

/** The text of a message's content, string or blocks. */
function textOf(message: BaseMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((block) => ("text" in block ? String(block.text) : "")).join(" ");
}

/** Resolves when `signal` aborts (never without one). */
function abortOf(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    else signal?.addEventListener("abort", () => resolve(), { once: true });
  });
}

/** A chat model that answers from the scripted answers and records what it received. */
export class ScriptedChatModel extends SimpleChatModel {
  /** The message contents of every call, serialized, in order. */
  readonly calls: string[] = [];
  /** How many streams were stopped before their end. */
  cancelled = 0;

  _llmType() {
    return "scripted";
  }

  /** Agents bind their tools to the model; this one answers the same with or without them. */
  override bindTools(): this {
    return this;
  }

  // The last human message's text, after recording the call.
  #prompt(messages: BaseMessage[]): string {
    this.calls.push(JSON.stringify(messages.map((message) => message.content)));
    const human = [...messages].reverse().find((message) => message.getType() === "human");
    return human ? textOf(human) : "";
  }

  async _call(messages: BaseMessage[]): Promise<string> {
    return scriptedAnswer(this.#prompt(messages)).text;
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
  ): AsyncGenerator<ChatGenerationChunk> {
    const prompt = this.#prompt(messages);
    let ended = false;
    try {
      for (const text of piecesOf(scriptedAnswer(prompt).text, 5)) {
        yield new ChatGenerationChunk({ message: new AIMessageChunk({ content: text }), text });
      }
      if (prompt.includes("HANG")) await abortOf(options.signal);
      else ended = true;
    } finally {
      if (!ended) this.cancelled++;
    }
  }
}
