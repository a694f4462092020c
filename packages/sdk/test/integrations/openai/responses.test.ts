import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { AnthalePolicyViolationError } from "../../../src/index.js";
import { guardOpenAI } from "../../../src/integrations/openai/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { openaiHandler } from "../helpers/openai-fake.js";
import { leakedEmail, showsEscapedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

const bed = useTestbed(openaiHandler);

function client(options: Partial<GuardOptions> = {}) {
  const openai = new OpenAI({ apiKey: "sk-test", baseURL: bed.provider.url, maxRetries: 0 });
  return guardOpenAI(openai, bed.guardOptions(options));
}

describe("guardOpenAI: responses.create", () => {
  it("allows and checks instructions, input and output", async () => {
    const response = await client().responses.create({
      model: "gpt-test",
      instructions: "Be terse.",
      input: "Hello",
    });
    expect(response.output_text).toBe("echo: Hello");
    expect(bed.anthale.requests[1]?.messages).toEqual([
      { role: "system", content: "Be terse." },
      { role: "user", content: "Hello" },
      { role: "assistant", content: "echo: Hello" },
    ]);
  });

  it("redacts every kind of input item in place", async () => {
    await client().responses.create({
      model: "gpt-test",
      instructions: `Reply to ${leakedEmail}`,
      input: [
        { role: "user", content: [{ type: "input_text", text: `I am ${leakedEmail}` }] },
        { type: "function_call", call_id: "c1", name: "find", arguments: `{"q":"${leakedEmail}"}` },
        { type: "function_call_output", call_id: "c1", output: `found ${leakedEmail}` },
        { role: "user", content: "Thanks" },
      ],
    });
    const sent = bed.provider.requests[0];
    expect(sent?.raw).not.toContain(leakedEmail);
    expect(sent?.body.instructions).toBe("Reply to [REDACTED:email]");
    expect(sent?.body.input).toMatchObject([
      { content: [{ text: "I am [REDACTED:email]" }] },
      { arguments: '{"q":"[REDACTED:email]"}' },
      { output: "found [REDACTED:email]" },
      { content: "Thanks" },
    ]);
  });

  it("redacts the output, output_text included", async () => {
    const response = await client().responses.create({ model: "gpt-test", input: "ANSWER_EMAIL" });
    expect(response.output_text).toBe("Sure, write to [REDACTED:email] today.");
    expect(JSON.stringify(response.output)).not.toContain(leakedEmail);
  });

  it("hides a span written with a JSON escape in function call arguments", async () => {
    const response = await client().responses.create({
      model: "gpt-test",
      input: "ANSWER_ESCAPED_TOOL",
    });
    const call = response.output.find((item) => item.type === "function_call");
    expect(call?.type === "function_call" && JSON.parse(call.arguments)).toEqual({
      to: "[REDACTED:email]",
      subject: "hello",
    });
    expect(response.output_text).toBe("Writing to [REDACTED:email] now.");
    expect(showsEscapedEmail(response)).toBe(false);
  });
});

describe("guardOpenAI: responses.create with stream: true", () => {
  for (const mode of ["buffer", "window"] as const) {
    it(`${mode}: redacts deltas split across events and the full-text events`, async () => {
      const stream = await client({ stream: mode, windowSize: 8 }).responses.create({
        model: "gpt-test",
        input: "ANSWER_EMAIL",
        stream: true,
      });
      let deltas = "";
      const events: unknown[] = [];
      for await (const event of stream) {
        events.push(event);
        if (event.type === "response.output_text.delta") deltas += event.delta;
      }
      expect(deltas).toBe("Sure, write to [REDACTED:email] today.");
      expect(JSON.stringify(events)).not.toContain(leakedEmail);
      expect(JSON.stringify(events)).toContain("[REDACTED:email]");
    });
  }

  it("buffer: an output redaction it cannot apply stops the stream with nothing released", async () => {
    const stream = await client().responses.create({
      model: "gpt-test",
      input: "ANSWER_UNREDACTABLE",
      stream: true,
    });
    const events: unknown[] = [];
    const error = await (async () => {
      for await (const event of stream) events.push(event);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.reason).toBe("incomplete-redaction");
    expect(events).toEqual([]);
  });

  it("works with the responses.stream() helper", async () => {
    const final = await client()
      .responses.stream({ model: "gpt-test", input: "ANSWER_EMAIL" })
      .finalResponse();
    expect(final.output_text).toBe("Sure, write to [REDACTED:email] today.");
  });
  for (const mode of ["buffer", "window"] as const) {
    it(`${mode}: hides a span written with a JSON escape in argument deltas and done events`, async () => {
      const stream = await client({ stream: mode, windowSize: 8 }).responses.create({
        model: "gpt-test",
        input: "ANSWER_ESCAPED_TOOL",
        stream: true,
      });
      let args = "";
      const events: OpenAI.Responses.ResponseStreamEvent[] = [];
      for await (const event of stream) {
        events.push(event);
        if (event.type === "response.function_call_arguments.delta") args += event.delta;
      }
      expect(JSON.parse(args)).toEqual({ to: "[REDACTED:email]", subject: "hello" });
      const done = events.find((event) => event.type === "response.function_call_arguments.done");
      expect(done?.type === "response.function_call_arguments.done" && done.arguments).toBe(args);
      expect(showsEscapedEmail(events)).toBe(false);
    });
  }
});
