import { generateText, jsonSchema, streamText, tool, wrapLanguageModel } from "ai";
import { describe, expect, it } from "vitest";
import { AnthalePolicyViolationError, InternalServerError } from "../../../src/index.js";
import { anthaleMiddleware } from "../../../src/integrations/ai-sdk/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { fakeModel } from "../helpers/ai-sdk-fake.js";
import { callMarkers } from "../helpers/fake-anthale.js";
import { leakedEmail, showsEscapedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

const bed = useTestbed();

function setup(options: Partial<GuardOptions> = {}) {
  const fake = fakeModel();
  const model = wrapLanguageModel({
    model: fake.model,
    middleware: anthaleMiddleware(bed.guardOptions(options)),
  });
  return { fake, model };
}

async function collect(stream: AsyncIterable<string>) {
  const pieces: string[] = [];
  for await (const piece of stream) pieces.push(piece);
  return pieces;
}

describe("anthaleMiddleware: generate", () => {
  it("allows and checks the system prompt, the prompt and the answer", async () => {
    const { model } = setup();
    const { text } = await generateText({ model, system: "Be terse.", prompt: "Hello" });
    expect(text).toBe("echo: Hello");
    expect(bed.anthale.requests[1]?.messages).toEqual([
      { role: "system", content: "Be terse." },
      { role: "user", content: "Hello" },
      { role: "assistant", content: "echo: Hello" },
    ]);
  });

  it("reports detect decisions with per-call metadata", async () => {
    const { model } = setup({ metadata: { app: "test" } });
    await generateText({
      model,
      prompt: "politics",
      providerOptions: { anthale: { metadata: { user: "u1" } } },
    });
    expect(
      bed.decisions.map(
        (decision) => `${decision.direction}:${decision.action}:${decision.provider}`,
      ),
    ).toEqual(["input:detect:ai-sdk", "output:detect:ai-sdk"]);
    expect(bed.anthale.requests[0]?.metadata).toEqual({ app: "test", user: "u1" });
  });

  it("blocks the input before the model is called, and the output after", async () => {
    const { fake, model } = setup();
    await expect(generateText({ model, prompt: "BLOCKME" })).rejects.toThrow(
      AnthalePolicyViolationError,
    );
    expect(fake.calls).toHaveLength(0);
    const error = await generateText({ model, prompt: "ANSWER_BLOCK" }).catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.direction).toBe("output");
  });

  it("redacts the input and the output", async () => {
    const { fake, model } = setup();
    const { text } = await generateText({ model, prompt: `Mail ${leakedEmail}` });
    expect(fake.calls[0]).not.toContain(leakedEmail);
    expect(text).toBe("echo: Mail [REDACTED:email]");
    const answer = await generateText({ model, prompt: "ANSWER_EMAIL" });
    expect(answer.text).toBe("Sure, write to [REDACTED:email] today.");
  });

  it("redacts tool-call inputs before tools run, and tool results sent back", async () => {
    const { fake, model } = setup();
    const received: unknown[] = [];
    const sendEmail = tool({
      inputSchema: jsonSchema<{ to: string; subject: string }>({ type: "object" }),
      execute: async (input) => {
        received.push(input);
        return `sent to ${leakedEmail}`;
      },
    });
    await generateText({ model, prompt: "ANSWER_TOOL", tools: { send_email: sendEmail } });
    expect(received).toEqual([{ to: "[REDACTED:email]", subject: "hello" }]);
    const second = await generateText({
      model,
      messages: [
        { role: "user", content: "Hello" },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "c1",
              toolName: "lookup",
              output: { type: "json", value: { email: leakedEmail } },
            },
          ],
        },
      ],
    });
    expect(second.text).toBe("echo: Hello");
    expect(fake.calls.at(-1)).not.toContain(leakedEmail);
    expect(fake.calls.at(-1)).toContain("[REDACTED:email]");
  });

  it("hides a span written with a JSON escape in a tool call's input", async () => {
    const { model } = setup();
    const received: unknown[] = [];
    const sendEmail = tool({
      inputSchema: jsonSchema<{ to: string; subject: string }>({ type: "object" }),
      execute: async (input) => {
        received.push(input);
        return "sent";
      },
    });
    const result = await generateText({
      model,
      prompt: "ANSWER_ESCAPED_TOOL",
      tools: { send_email: sendEmail },
    });
    expect(received).toEqual([{ to: "[REDACTED:email]", subject: "hello" }]);
    expect(showsEscapedEmail(result.content)).toBe(false);
  });

  it("stops an input redaction it cannot apply before the model is called", async () => {
    const { fake, model } = setup();
    const error = await generateText({ model, prompt: `REDACT_NOSPAN ${leakedEmail}` }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.reason).toBe("incomplete-redaction");
    expect(fake.calls).toHaveLength(0);
  });

  it("redacts a look-alike placeholder holding an address in the answer", async () => {
    const { model } = setup();
    const { text } = await generateText({ model, prompt: "ANSWER_LOOKALIKE" });
    expect(text).not.toContain("ceo@acme.com");
    expect(text).toContain("[REDACTED:email]");
  });

  it("propagates an Anthale outage without calling the model", async () => {
    bed.anthale.failWith = 500;
    const { fake, model } = setup();
    await expect(generateText({ model, prompt: "Hi", maxRetries: 0 })).rejects.toThrow(
      InternalServerError,
    );
    expect(fake.calls).toHaveLength(0);
  });

  it("with parallelInput, aborts on block and re-sends the redacted prompt", async () => {
    const { fake, model } = setup({ parallelInput: true });
    await expect(generateText({ model, prompt: "BLOCKME" })).rejects.toThrow(
      AnthalePolicyViolationError,
    );
    expect(fake.signals[0]?.aborted).toBe(true);
    const { text } = await generateText({ model, prompt: `Mail ${leakedEmail}` });
    expect(text).toBe("echo: Mail [REDACTED:email]");
    expect(fake.calls).toHaveLength(3);
    expect(fake.calls[2]).not.toContain(leakedEmail);
  });

  it("keeps 100 concurrent calls apart", async () => {
    const { model } = setup();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, index) => generateText({ model, prompt: `call-${index}` })),
    );
    results.forEach((result, index) => {
      expect(result.text).toBe(`echo: call-${index}`);
    });
    expect(bed.anthale.requests).toHaveLength(200);
    for (const request of bed.anthale.requests) {
      expect(callMarkers(request).size).toBe(1);
    }
  });
});

describe("anthaleMiddleware: stream", () => {
  for (const mode of ["buffer", "window"] as const) {
    it(`${mode}: redacts a span split across deltas`, async () => {
      const { model } = setup({ stream: mode, windowSize: 8 });
      const pieces = await collect(streamText({ model, prompt: "ANSWER_EMAIL" }).textStream);
      expect(pieces.join("")).toBe("Sure, write to [REDACTED:email] today.");
    });
  }

  it("passthrough: releases raw text and rejects at the end on block", async () => {
    const { model } = setup({ stream: "passthrough" });
    const raw = await collect(streamText({ model, prompt: "ANSWER_EMAIL" }).textStream);
    expect(raw.join("")).toContain(leakedEmail);
    const received: string[] = [];
    const blocked = streamText({ model, prompt: "ANSWER_BLOCK", onError: () => {} });
    const error = await (async () => {
      for await (const piece of blocked.textStream) received.push(piece);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(received.join("")).toBe("Here it is: BLOCKME and the rest.");
  });

  it("window: a block mid-stream cancels the model's stream", async () => {
    const { fake, model } = setup({ stream: "window", windowSize: 8 });
    const received: string[] = [];
    const result = streamText({ model, prompt: "ANSWER_BLOCK HANG", onError: () => {} });
    const error = await (async () => {
      for await (const piece of result.textStream) received.push(piece);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(received.join("")).not.toContain("BLOCKME");
    expect(fake.cancelled).toBe(1);
  });

  it("window: an output redaction it cannot apply stops the model's stream", async () => {
    const { fake, model } = setup({ stream: "window", windowSize: 8 });
    const received: string[] = [];
    const result = streamText({ model, prompt: "ANSWER_UNREDACTABLE HANG", onError: () => {} });
    const error = await (async () => {
      for await (const piece of result.textStream) received.push(piece);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.reason).toBe("incomplete-redaction");
    expect(received.join("")).not.toContain("REDACT_NOSPAN");
    expect(fake.cancelled).toBe(1);
  });

  it("blocks the input of a stream before the model is called", async () => {
    const { fake, model } = setup();
    const errors: unknown[] = [];
    const result = streamText({
      model,
      prompt: "BLOCKME",
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    expect(await collect(result.textStream)).toEqual([]);
    expect(errors[0]).toBeInstanceOf(AnthalePolicyViolationError);
    expect(fake.calls).toHaveLength(0);
  });

  it("redacts streamed tool calls", async () => {
    const { model } = setup();
    const result = streamText({ model, prompt: "ANSWER_TOOL" });
    const calls = await result.toolCalls;
    expect(calls[0]?.input).toEqual({ to: "[REDACTED:email]", subject: "hello" });
  });
  for (const mode of ["buffer", "window"] as const) {
    it(`${mode}: hides a span written with a JSON escape in streamed tool input`, async () => {
      const { model } = setup({ stream: mode, windowSize: 8 });
      const received: unknown[] = [];
      const sendEmail = tool({
        inputSchema: jsonSchema<{ to: string; subject: string }>({ type: "object" }),
        execute: async (input) => {
          received.push(input);
          return "sent";
        },
      });
      const result = streamText({
        model,
        prompt: "ANSWER_ESCAPED_TOOL",
        tools: { send_email: sendEmail },
      });
      const parts: unknown[] = [];
      for await (const part of result.fullStream) parts.push(part);
      expect(received).toEqual([{ to: "[REDACTED:email]", subject: "hello" }]);
      expect(await result.text).toBe("Writing to [REDACTED:email] now.");
      expect(showsEscapedEmail(parts)).toBe(false);
    });
  }
});
