// The caller's signal reaches the Anthale checks of every integration: a call aborted while its
// input or output check is pending settles at once, before Anthale answers, and the check's request
// is dropped; nothing waits for Anthale's answer.
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { generateText, streamText, wrapLanguageModel } from "ai";
import { createAgent } from "langchain";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIUserAbortError } from "../../src/index.js";
import { anthaleMiddleware } from "../../src/integrations/ai-sdk/index.js";
import { guardAnthropic } from "../../src/integrations/anthropic/index.js";
import { guardGoogleGenAI } from "../../src/integrations/google/index.js";
import {
  AnthaleLangchainMiddleware,
  guardChatModel,
} from "../../src/integrations/langchain/index.js";
import { guardOpenAI } from "../../src/integrations/openai/index.js";
import type { GuardOptions } from "../../src/integrations/shared/index.js";
import { fakeModel } from "./helpers/ai-sdk-fake.js";
import { anthropicHandler } from "./helpers/anthropic-fake.js";
import type { EnforceBody } from "./helpers/fake-anthale.js";
import {
  type FakeProvider,
  type ReceivedRequest,
  startFakeProvider,
} from "./helpers/fake-provider.js";
import { googleHandler } from "./helpers/google-fake.js";
import { openaiHandler } from "./helpers/openai-fake.js";
import { abortWhileHeld, startSlowAnthale } from "./helpers/slow-anthale.js";

let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider((request: ReceivedRequest) => {
    if (request.path.includes("/messages")) return anthropicHandler(request);
    if (/generatecontent/i.test(request.path)) return googleHandler(request);
    return openaiHandler(request);
  });
});
afterAll(() => provider.close());

/** Whether `error`, or an error it was caused by, is an abort. */
function isAbort(error: unknown): boolean {
  for (let seen = error, depth = 0; seen instanceof Error && depth < 5; depth++) {
    if (seen instanceof APIUserAbortError || /abort/i.test(`${seen.name} ${seen.message}`)) {
      return true;
    }
    seen = seen.cause;
  }
  return false;
}

/**
 * Aborts a call while the check of `direction` is held, and expects the call to reject with an
 * abort before Anthale answered, and the held check's request to be dropped.
 */
async function expectAbortReachesCheck(
  direction: EnforceBody["direction"],
  start: (options: GuardOptions, signal: AbortSignal) => Promise<unknown>,
) {
  const slow = await startSlowAnthale(direction);
  try {
    const { error, answeredFirst } = await abortWhileHeld(slow, (signal) =>
      start(slow.options, signal),
    );
    expect(isAbort(error), String(error)).toBe(true);
    expect(answeredFirst).toBe(false);
    await slow.dropped;
  } finally {
    slow.answer();
    await slow.close();
  }
}

const directions = ["input", "output"] as const;
const prompt = "Hello there";

describe("the caller's signal reaches the Anthale checks", () => {
  for (const direction of directions) {
    describe(`${direction} check`, () => {
      it("openai: chat.completions.create, whole and streamed", async () => {
        await expectAbortReachesCheck(direction, (options, signal) => {
          const openai = guardOpenAI(
            new OpenAI({ apiKey: "sk-test", baseURL: provider.url, maxRetries: 0 }),
            options,
          );
          return openai.chat.completions.create(
            { model: "gpt-test", messages: [{ role: "user", content: prompt }] },
            { signal },
          );
        });
        await expectAbortReachesCheck(direction, async (options, signal) => {
          const openai = guardOpenAI(
            new OpenAI({ apiKey: "sk-test", baseURL: provider.url, maxRetries: 0 }),
            options,
          );
          const stream = await openai.chat.completions.create(
            { model: "gpt-test", messages: [{ role: "user", content: prompt }], stream: true },
            { signal },
          );
          for await (const _ of stream);
        });
      });

      it("anthropic: messages.create", async () => {
        await expectAbortReachesCheck(direction, (options, signal) => {
          const anthropic = guardAnthropic(
            new Anthropic({ apiKey: "sk-test", baseURL: provider.url, maxRetries: 0 }),
            options,
          );
          return anthropic.messages.create(
            {
              model: "claude-test",
              max_tokens: 64,
              messages: [{ role: "user", content: prompt }],
            },
            { signal },
          );
        });
      });

      it("google: generateContent and generateContentStream", async () => {
        const ai = (options: GuardOptions) =>
          guardGoogleGenAI(
            new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: provider.url } }),
            options,
          );
        await expectAbortReachesCheck(direction, (options, signal) =>
          ai(options).models.generateContent({
            model: "gemini-test",
            contents: prompt,
            config: { abortSignal: signal },
          }),
        );
        await expectAbortReachesCheck(direction, async (options, signal) => {
          const stream = await ai(options).models.generateContentStream({
            model: "gemini-test",
            contents: prompt,
            config: { abortSignal: signal },
          });
          for await (const _ of stream);
        });
      });

      it("langchain: guardChatModel invoke and stream", async () => {
        await expectAbortReachesCheck(direction, (options, signal) =>
          guardChatModel(new FakeListChatModel({ responses: ["Fine."] }), options).invoke(prompt, {
            signal,
          }),
        );
        await expectAbortReachesCheck(direction, async (options, signal) => {
          const model = guardChatModel(new FakeListChatModel({ responses: ["Fine."] }), options);
          for await (const _ of await model.stream(prompt, { signal }));
        });
      });

      it("langchain: agent middleware", async () => {
        await expectAbortReachesCheck(direction, (options, signal) =>
          createAgent({
            model: new FakeListChatModel({ responses: ["Fine."] }),
            tools: [],
            middleware: [new AnthaleLangchainMiddleware(options)],
          }).invoke({ messages: [{ role: "user", content: prompt }] }, { signal }),
        );
      });

      it("ai-sdk: generateText and streamText", async () => {
        const model = (options: GuardOptions) =>
          wrapLanguageModel({ model: fakeModel().model, middleware: anthaleMiddleware(options) });
        await expectAbortReachesCheck(direction, (options, abortSignal) =>
          generateText({ model: model(options), prompt, abortSignal, maxRetries: 0 }),
        );
        await expectAbortReachesCheck(direction, async (options, abortSignal) => {
          const result = streamText({
            model: model(options),
            prompt,
            abortSignal,
            maxRetries: 0,
            onError: () => {},
          });
          for await (const part of result.fullStream) {
            if (part.type === "error") throw part.error;
            if (part.type === "abort") throw new Error("aborted");
          }
        });
      });
    });
  }
});
