// Conformance driver for `guardChatModel`: `invoke` and `stream` of a guarded LangChain chat model.
import { type BaseMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { guardChatModel } from "../../../../src/integrations/langchain/index.js";
import type { CallInit, ConformanceDriver } from "../driver.js";
import { ScriptedChatModel } from "../scripted-chat-model.js";

/** The input of a call: the system prompt when there is one, then the prompt. */
function input(prompt: string, { system }: CallInit): BaseMessage[] {
  const human = new HumanMessage(prompt);
  return system === undefined ? [human] : [new SystemMessage(system), human];
}

/** The runnable config of a call: the signal, and the metadata where the integration reads it. */
function config({ signal, metadata }: CallInit) {
  return { signal, ...(metadata && { configurable: { anthaleMetadata: metadata } }) };
}

/** Drives a guarded LangChain chat model over {@link ScriptedChatModel}. */
export function langchainChatModelDriver(): ConformanceDriver {
  let model = new ScriptedChatModel({});
  return {
    name: "langchain guardChatModel",
    provider: "langchain",
    perCallMetadata: true,
    streams: true,
    start: async () => {},
    reset() {
      model = new ScriptedChatModel({});
    },
    close: async () => {},
    modelInputs: () => model.calls,
    cancelledStreams: () => model.cancelled,
    guarded(options) {
      const guarded = guardChatModel(model, options);
      return {
        async call(prompt, init = {}) {
          const answer = await guarded.invoke(input(prompt, init), config(init));
          return answer.text;
        },
        async stream(prompt, onText, init = {}) {
          for await (const chunk of await guarded.stream(input(prompt, init), config(init))) {
            if (chunk.text) onText(chunk.text);
          }
        },
      };
    },
  };
}
