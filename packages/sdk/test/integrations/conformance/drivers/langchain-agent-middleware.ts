// Conformance driver for `AnthaleLangchainMiddleware`: `invoke` of an agent built with
// `createAgent`. The middleware checks whole model answers, so the driver does not stream.
import { createAgent } from "langchain";
import { AnthaleLangchainMiddleware } from "../../../../src/integrations/langchain/index.js";
import type { ConformanceDriver } from "../driver.js";
import { ScriptedChatModel } from "../scripted-chat-model.js";

/** Drives an agent over {@link ScriptedChatModel} with the Anthale middleware. */
export function langchainAgentMiddlewareDriver(): ConformanceDriver {
  let model = new ScriptedChatModel({});
  return {
    name: "langchain agent middleware",
    provider: "langchain",
    perCallMetadata: false,
    streams: false,
    start: async () => {},
    reset() {
      model = new ScriptedChatModel({});
    },
    close: async () => {},
    modelInputs: () => model.calls,
    cancelledStreams: () => model.cancelled,
    guarded(options) {
      const middleware = new AnthaleLangchainMiddleware(options);
      return {
        async call(prompt, { signal, system } = {}) {
          const agent = createAgent({
            model,
            tools: [],
            middleware: [middleware],
            ...(system !== undefined && { systemPrompt: system }),
          });
          const result = await agent.invoke(
            { messages: [{ role: "user", content: prompt }] },
            { signal },
          );
          return result.messages.at(-1)?.text ?? "";
        },
      };
    },
  };
}
