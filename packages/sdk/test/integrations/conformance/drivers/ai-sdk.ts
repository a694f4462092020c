// Conformance driver for `anthaleMiddleware`: `generateText` and `streamText` of the Vercel AI SDK
// over a language model wrapped with the middleware.
import { generateText, streamText, wrapLanguageModel } from "ai";
import { anthaleMiddleware } from "../../../../src/integrations/ai-sdk/index.js";
import { type FakeModel, fakeModel } from "../../helpers/ai-sdk-fake.js";
import type { CallInit, ConformanceDriver } from "../driver.js";

/** The settings of a call besides the model: prompt, system prompt, signal and metadata. */
function settings(prompt: string, { signal, metadata, system }: CallInit) {
  return {
    prompt,
    maxRetries: 0,
    ...(system !== undefined && { system }),
    ...(signal && { abortSignal: signal }),
    ...(metadata && { providerOptions: { anthale: { metadata } } }),
  };
}

/** Drives the AI SDK over the scripted mock model, wrapped with the Anthale middleware. */
export function aiSdkDriver(): ConformanceDriver {
  let fake: FakeModel = fakeModel();
  return {
    name: "ai-sdk generateText/streamText",
    provider: "ai-sdk",
    perCallMetadata: true,
    streams: true,
    start: async () => {},
    reset() {
      fake = fakeModel();
    },
    close: async () => {},
    modelInputs: () => fake.calls,
    cancelledStreams: () => fake.cancelled,
    guarded(options) {
      const model = wrapLanguageModel({
        model: fake.model,
        middleware: anthaleMiddleware(options),
      });
      return {
        async call(prompt, init = {}) {
          const { text } = await generateText({ model, ...settings(prompt, init) });
          return text;
        },
        async stream(prompt, onText, init = {}) {
          const result = streamText({ model, ...settings(prompt, init), onError: () => {} });
          // The AI SDK carries failures and aborts as parts of the stream: the caller sees them
          // there, so they are thrown here as the call's failure.
          for await (const part of result.fullStream) {
            if (part.type === "text-delta") onText(part.text);
            else if (part.type === "error") throw part.error;
            else if (part.type === "abort") throw new Error("The stream was aborted");
          }
        },
      };
    },
  };
}
