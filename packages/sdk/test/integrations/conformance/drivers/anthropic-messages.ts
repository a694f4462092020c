// Conformance driver for `guardAnthropic`: `messages.create`, streamed and not.
import Anthropic from "@anthropic-ai/sdk";
import { guardAnthropic } from "../../../../src/integrations/anthropic/index.js";
import { anthropicHandler } from "../../helpers/anthropic-fake.js";
import type { CallInit, ConformanceDriver } from "../driver.js";
import { httpModel } from "./http-model.js";

/** The request body of a call: the prompt as the user's message, with the system prompt. */
function body(prompt: string, { system }: CallInit) {
  return {
    model: "claude-test",
    max_tokens: 100,
    ...(system !== undefined && { system }),
    messages: [{ role: "user" as const, content: prompt }],
  };
}

/** Drives `messages.create` of a guarded Anthropic client over the fake provider. */
export function anthropicMessagesDriver(): ConformanceDriver {
  const model = httpModel(anthropicHandler);
  return {
    ...model,
    name: "anthropic messages",
    provider: "anthropic",
    perCallMetadata: false,
    streams: true,
    guarded(options) {
      const anthropic = guardAnthropic(
        new Anthropic({ apiKey: "sk-test", baseURL: model.baseURL(), maxRetries: 0 }),
        options,
      );
      return {
        async call(prompt, init = {}) {
          const message = await anthropic.messages.create(body(prompt, init), {
            signal: init.signal,
          });
          return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
        },
        async stream(prompt, onText, init = {}) {
          const stream = await anthropic.messages.create(
            { ...body(prompt, init), stream: true },
            { signal: init.signal },
          );
          for await (const event of stream) {
            if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
              onText(event.delta.text);
            }
          }
        },
      };
    },
  };
}
