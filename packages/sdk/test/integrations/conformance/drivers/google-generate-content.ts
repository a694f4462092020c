// Conformance driver for `guardGoogleGenAI`: `models.generateContent` and
// `models.generateContentStream`.
import { GoogleGenAI } from "@google/genai";
import { guardGoogleGenAI } from "../../../../src/integrations/google/index.js";
import { googleHandler } from "../../helpers/google-fake.js";
import type { CallInit, ConformanceDriver } from "../driver.js";
import { httpModel } from "./http-model.js";

/** The parameters of a call: the prompt as contents; the signal and system prompt in `config`. */
function params(prompt: string, { signal, system }: CallInit) {
  return {
    model: "gemini-test",
    contents: prompt,
    config: {
      ...(signal && { abortSignal: signal }),
      ...(system !== undefined && { systemInstruction: system }),
    },
  };
}

/** Drives the guarded `models` of a Google Gen AI client over the fake provider. */
export function googleGenerateContentDriver(): ConformanceDriver {
  const model = httpModel(googleHandler);
  return {
    ...model,
    name: "google generateContent",
    provider: "google",
    perCallMetadata: false,
    streams: true,
    guarded(options) {
      const ai = guardGoogleGenAI(
        new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: model.baseURL() } }),
        options,
      );
      return {
        async call(prompt, init = {}) {
          const response = await ai.models.generateContent(params(prompt, init));
          return response.text ?? "";
        },
        async stream(prompt, onText, init = {}) {
          const stream = await ai.models.generateContentStream(params(prompt, init));
          for await (const chunk of stream) {
            if (chunk.text) onText(chunk.text);
          }
        },
      };
    },
  };
}
