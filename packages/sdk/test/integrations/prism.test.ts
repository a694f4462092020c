// Every integration once against Prism running over the contract in its checking mode: the
// requests the guards send must be valid (no `sl-violations`), and the named examples' decisions
// must take effect (redact rewrites what the provider receives, block stops before it).
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import { generateText, wrapLanguageModel } from "ai";
import { createAgent, FakeToolCallingModel } from "langchain";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Anthale, AnthalePolicyViolationError } from "../../src/index.js";
import { anthaleMiddleware } from "../../src/integrations/ai-sdk/index.js";
import { guardAnthropic } from "../../src/integrations/anthropic/index.js";
import { guardGoogleGenAI } from "../../src/integrations/google/index.js";
import {
  AnthaleLangchainMiddleware,
  guardChatModel,
} from "../../src/integrations/langchain/index.js";
import { guardOpenAI } from "../../src/integrations/openai/index.js";
import { fakeModel } from "./helpers/ai-sdk-fake.js";
import { anthropicHandler } from "./helpers/anthropic-fake.js";
import { policyId, recordingFetch, violationsOf } from "./helpers/fake-anthale.js";
import { type FakeProvider, startFakeProvider } from "./helpers/fake-provider.js";
import { googleHandler } from "./helpers/google-fake.js";
import { openaiHandler } from "./helpers/openai-fake.js";
import { leakedEmail } from "./helpers/scripted-answer.js";

const providers: Record<string, FakeProvider> = {};

beforeAll(async () => {
  providers.openai = await startFakeProvider(openaiHandler);
  providers.anthropic = await startFakeProvider(anthropicHandler);
  providers.google = await startFakeProvider(googleHandler);
});
afterAll(async () => {
  for (const provider of Object.values(providers)) await provider.close();
});

/**
 * A client of Prism answering the input check with `example`. The output check of a redact run is
 * answered with the allow example: the redact example flags the address, which the conversation
 * checked then (the redacted input plus the answer) no longer holds, and a redaction whose span is
 * nowhere in the text is refused.
 */
function prism(example: "redact" | "block") {
  const recorder = recordingFetch();
  const fetch = async (input: string | Request, init?: RequestInit) => {
    const request = typeof input === "string" ? new Request(input, init) : input;
    const { direction } = (await request.clone().json()) as { direction: string };
    const answer = direction === "output" && example === "redact" ? "allow" : example;
    request.headers.set("Prefer", `example=${answer}`);
    return recorder.fetch(request);
  };
  const client = new Anthale({
    apiKey: "test-key",
    baseURL: inject("prismUrl"),
    fetch,
    maxRetries: 0,
    logLevel: "off",
  });
  return { options: { policyId, client }, exchanges: recorder.exchanges };
}

const userText = `My new address is ${leakedEmail}, thanks.`;

/** Each integration, run once: it sends a system prompt and the user text, returns what the provider saw. */
const runs: Record<string, (options: { policyId: string; client: Anthale }) => Promise<string>> = {
  async openai(options) {
    const provider = providers.openai as FakeProvider;
    const openai = guardOpenAI(
      new OpenAI({ apiKey: "k", baseURL: provider.url, maxRetries: 0 }),
      options,
    );
    provider.reset();
    await openai.chat.completions.create({
      model: "m",
      messages: [
        { role: "system", content: "You are a support assistant." },
        { role: "user", content: userText },
      ],
    });
    return provider.requests.map((request) => request.raw).join("");
  },
  async anthropic(options) {
    const provider = providers.anthropic as FakeProvider;
    const anthropic = guardAnthropic(
      new Anthropic({ apiKey: "k", baseURL: provider.url, maxRetries: 0 }),
      options,
    );
    provider.reset();
    await anthropic.messages.create({
      model: "m",
      max_tokens: 10,
      system: "You are a support assistant.",
      messages: [{ role: "user", content: userText }],
    });
    return provider.requests.map((request) => request.raw).join("");
  },
  async google(options) {
    const provider = providers.google as FakeProvider;
    const ai = guardGoogleGenAI(
      new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: provider.url } }),
      options,
    );
    provider.reset();
    await ai.models.generateContent({
      model: "m",
      contents: userText,
      config: { systemInstruction: "You are a support assistant." },
    });
    return provider.requests.map((request) => request.raw).join("");
  },
  async "ai-sdk"(options) {
    const fake = fakeModel();
    const model = wrapLanguageModel({ model: fake.model, middleware: anthaleMiddleware(options) });
    await generateText({ model, system: "You are a support assistant.", prompt: userText });
    return fake.calls.join("");
  },
  async "langchain guardChatModel"(options) {
    const seen: string[] = [];
    const model = guardChatModel(new FakeToolCallingModel({}), options);
    await model.invoke(
      [
        { role: "system", content: "You are a support assistant." },
        { role: "user", content: userText },
      ],
      {
        callbacks: [
          { handleChatModelStart: (_m, messages) => seen.push(JSON.stringify(messages)) },
        ],
      },
    );
    return seen.join("");
  },
  async "langchain middleware"(options) {
    const seen: string[] = [];
    const agent = createAgent({
      model: new FakeToolCallingModel({}),
      tools: [],
      systemPrompt: "You are a support assistant.",
      middleware: [new AnthaleLangchainMiddleware(options)],
    });
    await agent.invoke(
      { messages: [{ role: "user", content: userText }] },
      {
        callbacks: [
          { handleChatModelStart: (_m, messages) => seen.push(JSON.stringify(messages)) },
        ],
      },
    );
    return seen.join("");
  },
};

describe("integrations against Prism", () => {
  for (const [name, run] of Object.entries(runs)) {
    it(`${name}: valid requests, and the redact example reaches the provider`, async () => {
      const { options, exchanges } = prism("redact");
      const seen = await run(options);
      expect(exchanges.length).toBeGreaterThanOrEqual(2);
      for (const exchange of exchanges) {
        expect(exchange.response.status).toBe(200);
        expect(violationsOf(exchange)).toEqual([]);
      }
      expect(seen).toContain("[REDACTED:email]");
      expect(seen).not.toContain(leakedEmail);
    });

    it(`${name}: the block example stops before the provider`, async () => {
      const { options, exchanges } = prism("block");
      const error = await run(options).catch((e) => e);
      const violation = error instanceof AnthalePolicyViolationError ? error : error?.cause;
      expect(violation).toBeInstanceOf(AnthalePolicyViolationError);
      expect(exchanges).toHaveLength(1);
      expect(violationsOf(exchanges[0] as (typeof exchanges)[number])).toEqual([]);
    });
  }
});
