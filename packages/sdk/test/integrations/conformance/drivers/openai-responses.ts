// Conformance driver for `guardOpenAI`: `responses.create`, streamed and not.
import OpenAI from "openai";
import { guardOpenAI } from "../../../../src/integrations/openai/index.js";
import { openaiHandler } from "../../helpers/openai-fake.js";
import type { CallInit, ConformanceDriver } from "../driver.js";
import { httpModel } from "./http-model.js";

/** The request body of a call: the prompt as input, the system prompt as instructions. */
function body(prompt: string, { system }: CallInit) {
  return {
    model: "gpt-test",
    input: prompt,
    ...(system !== undefined && { instructions: system }),
  };
}

/** Drives `responses.create` of a guarded OpenAI client over the fake provider. */
export function openaiResponsesDriver(): ConformanceDriver {
  const model = httpModel(openaiHandler);
  return {
    ...model,
    name: "openai responses",
    provider: "openai",
    perCallMetadata: false,
    streams: true,
    guarded(options) {
      const openai = guardOpenAI(
        new OpenAI({ apiKey: "sk-test", baseURL: model.baseURL(), maxRetries: 0 }),
        options,
      );
      return {
        async call(prompt, init = {}) {
          const response = await openai.responses.create(body(prompt, init), {
            signal: init.signal,
          });
          return response.output_text;
        },
        async stream(prompt, onText, init = {}) {
          const stream = await openai.responses.create(
            { ...body(prompt, init), stream: true },
            { signal: init.signal },
          );
          for await (const event of stream) {
            if (event.type === "response.output_text.delta") onText(event.delta);
          }
        },
      };
    },
  };
}
