// Conformance driver for `guardOpenAI`: `chat.completions.create`, streamed and not.
import OpenAI from "openai";
import { guardOpenAI } from "../../../../src/integrations/openai/index.js";
import { openaiHandler } from "../../helpers/openai-fake.js";
import type { CallInit, ConformanceDriver } from "../driver.js";
import { httpModel } from "./http-model.js";

/** The request body of a call: the system prompt when there is one, then the prompt. */
function body(prompt: string, { system }: CallInit) {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (system !== undefined) messages.push({ role: "system", content: system });
  messages.push({ role: "user", content: prompt });
  return { model: "gpt-test", messages };
}

/** Drives `chat.completions.create` of a guarded OpenAI client over the fake provider. */
export function openaiChatCompletionsDriver(): ConformanceDriver {
  const model = httpModel(openaiHandler);
  return {
    ...model,
    name: "openai chat.completions",
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
          const completion = await openai.chat.completions.create(body(prompt, init), {
            signal: init.signal,
          });
          return completion.choices[0]?.message.content ?? "";
        },
        async stream(prompt, onText, init = {}) {
          const stream = await openai.chat.completions.create(
            { ...body(prompt, init), stream: true },
            { signal: init.signal },
          );
          for await (const chunk of stream) {
            const text = chunk.choices[0]?.delta.content;
            if (text) onText(text);
          }
        },
      };
    },
  };
}
