// Every part of a prompt or an answer that carries text is checked and redacted: tool calls that
// come whole in a stream, results of tools the provider ran, text files, a denied tool's reason,
// source titles.
import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import {
  generateText,
  jsonSchema,
  simulateStreamingMiddleware,
  streamText,
  tool,
  wrapLanguageModel,
} from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { anthaleMiddleware } from "../../../src/integrations/ai-sdk/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { fakeModel } from "../helpers/ai-sdk-fake.js";
import { shownText } from "../helpers/fake-anthale.js";
import { leakedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

const bed = useTestbed();

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};
const finishReason = { unified: "stop", raw: undefined } as const;
const hi: LanguageModelV3CallOptions["prompt"] = [
  { role: "user", content: [{ type: "text", text: "Hi" }] },
];

/** Whether the fake Anthale was shown the leaked address. */
const anthaleSaw = () => shownText(bed.anthale.requests).includes(leakedEmail);

const guarded = (model: MockLanguageModelV3, options: Partial<GuardOptions> = {}) =>
  wrapLanguageModel({ model, middleware: anthaleMiddleware(bed.guardOptions(options)) });

/** A model answering with `content`, streamed as the given parts; it records every call. */
function answering(content: LanguageModelV3Content[], parts: LanguageModelV3StreamPart[] = []) {
  const calls: LanguageModelV3CallOptions[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async (options) => {
      calls.push(options);
      return { content, finishReason, usage, warnings: [] };
    },
    doStream: async (options) => {
      calls.push(options);
      const all: LanguageModelV3StreamPart[] = [
        { type: "stream-start", warnings: [] },
        ...parts,
        { type: "finish", finishReason, usage },
      ];
      return {
        stream: new ReadableStream({
          start(controller) {
            for (const part of all) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  });
  return { model, calls };
}

/** Every part of a model's stream, as the guard released them. */
async function streamedParts(model: ReturnType<typeof guarded>) {
  const { stream } = await model.doStream({ prompt: hi });
  const parts: LanguageModelV3StreamPart[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read())
    parts.push(next.value);
  return parts;
}

const base64 = (text: string) => btoa(text);
const fromBase64 = (data: string) => atob(data);

describe("anthaleMiddleware: tool calls that come whole in a stream", () => {
  it("checks a streamed tool call with no input delta before it (simulated streaming)", async () => {
    const fake = fakeModel();
    const model = wrapLanguageModel({
      model: wrapLanguageModel({ model: fake.model, middleware: simulateStreamingMiddleware() }),
      middleware: anthaleMiddleware(bed.guardOptions()),
    });
    const received: unknown[] = [];
    const send_email = tool({
      inputSchema: jsonSchema<{ to: string; subject: string }>({ type: "object" }),
      execute: async (input) => {
        received.push(input);
        return "sent";
      },
    });
    await streamText({ model, prompt: "ANSWER_TOOL", tools: { send_email } }).consumeStream();
    expect(anthaleSaw()).toBe(true);
    expect(received).toEqual([{ to: "[REDACTED:email]", subject: "hello" }]);
  });

  it("checks a tool call whose input differs from the deltas streamed for it", async () => {
    const { model } = answering(
      [],
      [
        { type: "tool-input-start", id: "c1", toolName: "send" },
        { type: "tool-input-delta", id: "c1", delta: '{"to":"nobody"}' },
        { type: "tool-input-end", id: "c1" },
        {
          type: "tool-call",
          toolCallId: "c1",
          toolName: "send",
          input: JSON.stringify({ to: leakedEmail }),
        },
      ],
    );
    const parts = await streamedParts(guarded(model));
    expect(anthaleSaw()).toBe(true);
    expect(parts.find((part) => part.type === "tool-call")).toMatchObject({
      input: '{"to":"[REDACTED:email]"}',
    });
  });
});

describe("anthaleMiddleware: results of tools the provider ran", () => {
  const result = {
    type: "tool-result",
    toolCallId: "s1",
    toolName: "web_search",
    result: { page: `Contact ${leakedEmail}` },
  } as const;

  it("redacts them in a generate result", async () => {
    const { model } = answering([result, { type: "text", text: "Found it." }]);
    const { content } = await guarded(model).doGenerate({ prompt: hi });
    expect(anthaleSaw()).toBe(true);
    expect(content[0]).toMatchObject({ result: { page: "Contact [REDACTED:email]" } });
  });

  for (const mode of ["buffer", "window"] as const) {
    it(`${mode}: redacts them in a stream`, async () => {
      const { model } = answering([], [result]);
      const parts = await streamedParts(guarded(model, { stream: mode, windowSize: 4 }));
      expect(anthaleSaw()).toBe(true);
      expect(parts.find((part) => part.type === "tool-result")).toMatchObject({
        result: { page: "Contact [REDACTED:email]" },
      });
    });
  }
});

describe("anthaleMiddleware: text files", () => {
  it("redacts a text file in the prompt, as base64 or as bytes, and leaves other files alone", async () => {
    const { model, calls } = answering([{ type: "text", text: "ok" }]);
    const image = base64(`not text ${leakedEmail}`);
    await generateText({
      model: guarded(model),
      messages: [
        {
          role: "user",
          content: [
            { type: "file", mediaType: "text/plain", data: base64(`Notes: ${leakedEmail}`) },
            {
              type: "file",
              mediaType: "application/json; charset=utf-8",
              data: new TextEncoder().encode(JSON.stringify({ to: leakedEmail })),
            },
            { type: "file", mediaType: "image/png", data: image },
          ],
        },
      ],
    });
    expect(anthaleSaw()).toBe(true);
    const files = calls[0]?.prompt[0]?.content as { data: string | Uint8Array }[];
    const texts = files.map(({ data }) =>
      typeof data === "string" ? fromBase64(data) : new TextDecoder().decode(data),
    );
    expect(texts).toEqual([
      "Notes: [REDACTED:email]",
      '{"to":"[REDACTED:email]"}',
      `not text ${leakedEmail}`,
    ]);
  });

  it("passes a text file the policy allows on byte for byte", async () => {
    const { model, calls } = answering([{ type: "text", text: "ok" }]);
    const data = base64("Plain notes.");
    await generateText({
      model: guarded(model),
      messages: [{ role: "user", content: [{ type: "file", mediaType: "text/markdown", data }] }],
    });
    expect(shownText(bed.anthale.requests)).toContain("Plain notes.");
    expect(calls[0]?.prompt[0]?.content[0]).toMatchObject({ data });
  });

  it("redacts a text file the model answers with, in a generate result and in a stream", async () => {
    const file = {
      type: "file",
      mediaType: "text/csv",
      data: base64(`name,mail\nJane,${leakedEmail}`),
    } as const;
    const { model } = answering([file], [file]);
    const { content } = await guarded(model).doGenerate({ prompt: hi });
    const parts = await streamedParts(guarded(model));
    for (const part of [content[0], parts.find((each) => each.type === "file")]) {
      expect(fromBase64((part as { data: string }).data)).toBe("name,mail\nJane,[REDACTED:email]");
    }
  });
});

describe("anthaleMiddleware: other parts", () => {
  it("redacts the reason a tool call was denied before the model sees it", async () => {
    const { model, calls } = answering([{ type: "text", text: "ok" }]);
    await generateText({
      model: guarded(model),
      messages: [
        { role: "user", content: "Send it" },
        {
          role: "assistant",
          content: [{ type: "tool-call", toolCallId: "c1", toolName: "send", input: {} }],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "send",
              output: { type: "execution-denied", reason: `Not to ${leakedEmail}` },
            },
          ],
        },
      ],
    });
    expect(anthaleSaw()).toBe(true);
    expect(JSON.stringify(calls[0]?.prompt)).not.toContain(leakedEmail);
    expect(JSON.stringify(calls[0]?.prompt)).toContain("Not to [REDACTED:email]");
  });

  it("redacts the title of a source in the answer", async () => {
    const source = {
      type: "source",
      sourceType: "url",
      id: "s1",
      url: "https://example.com",
      title: `Page of ${leakedEmail}`,
    } as const;
    const { model } = answering([source, { type: "text", text: "See the page." }], [source]);
    const { content } = await guarded(model).doGenerate({ prompt: hi });
    expect(content[0]).toMatchObject({ title: "Page of [REDACTED:email]" });
    const parts = await streamedParts(guarded(model));
    expect(parts.find((part) => part.type === "source")).toMatchObject({
      title: "Page of [REDACTED:email]",
    });
  });
});
