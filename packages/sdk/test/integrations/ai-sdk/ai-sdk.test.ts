import { generateText, jsonSchema, streamText, tool, wrapLanguageModel } from "ai";
import { describe, expect, it } from "vitest";
import { AnthalePolicyViolationError } from "../../../src/index.js";
import { anthaleMiddleware } from "../../../src/integrations/ai-sdk/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { fakeModel } from "../helpers/ai-sdk-fake.js";
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

/**
 * A stream the policy stops: its text, what `onError` received and the error parts of
 * `fullStream` (a violation reaches both, as a model's own error does), read without throwing.
 */
async function stopped(model: Parameters<typeof streamText>[0]["model"], prompt: string) {
  const reported: unknown[] = [];
  const result = streamText({ model, prompt, onError: ({ error }) => void reported.push(error) });
  const text: string[] = [];
  const errorParts: unknown[] = [];
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") text.push(part.text);
    if (part.type === "error") errorParts.push(part.error);
  }
  expect(reported).toHaveLength(1);
  expect(errorParts).toEqual(reported);
  expect(reported[0]).toBeInstanceOf(AnthalePolicyViolationError);
  return { text: text.join(""), error: reported[0] as AnthalePolicyViolationError };
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
});

describe("anthaleMiddleware: stream", () => {
  it("passthrough: releases raw text, then reports a block to onError and as an error part", async () => {
    const { model } = setup({ stream: "passthrough" });
    const { text, error } = await stopped(model, "ANSWER_BLOCK");
    expect(error.direction).toBe("output");
    expect(text).toBe("Here it is: BLOCKME and the rest.");
  });

  it("buffer: an output block reaches onError and fullStream, with no text", async () => {
    const { model } = setup();
    const { text, error } = await stopped(model, "ANSWER_BLOCK");
    expect(error.reason).toBe("blocked");
    expect(text).toBe("");
  });

  it("window: a block mid-stream cancels the model's stream and reaches onError", async () => {
    const { fake, model } = setup({ stream: "window", windowSize: 8 });
    const { text, error } = await stopped(model, "ANSWER_BLOCK HANG");
    expect(error.reason).toBe("blocked");
    expect(text).not.toContain("BLOCKME");
    expect(fake.cancelled).toBe(1);
  });

  it("window: an output redaction it cannot apply stops the model's stream", async () => {
    const { fake, model } = setup({ stream: "window", windowSize: 8 });
    const { text, error } = await stopped(model, "ANSWER_UNREDACTABLE HANG");
    expect(error.reason).toBe("incomplete-redaction");
    expect(text).not.toContain("REDACT_NOSPAN");
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
