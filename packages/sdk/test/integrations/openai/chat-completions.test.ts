import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { AnthalePolicyViolationError, InternalServerError } from "../../../src/index.js";
import { guardOpenAI, guardOpenAIClient } from "../../../src/integrations/openai/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { settle, watchRejections } from "../../faults/leak-checks.js";
import { callMarkers, policyId, unmatchedSpan } from "../helpers/fake-anthale.js";
import { openaiHandler } from "../helpers/openai-fake.js";
import { leakedEmail, showsEscapedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

const bed = useTestbed(openaiHandler);

/** A client of the fake provider, not guarded. */
const unguarded = () => new OpenAI({ apiKey: "sk-test", baseURL: bed.provider.url, maxRetries: 0 });

function client(options: Partial<GuardOptions> = {}) {
  return guardOpenAI(unguarded(), bed.guardOptions(options));
}

const ask = (content: string) => ({
  model: "gpt-test",
  messages: [
    { role: "system" as const, content: "You are terse." },
    { role: "user" as const, content },
  ],
});

async function streamText(stream: AsyncIterable<OpenAI.Chat.ChatCompletionChunk>) {
  const pieces: string[] = [];
  for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? "");
  return pieces;
}

describe("guardOpenAI: chat.completions.create", () => {
  it("allows, checks the input then the conversation plus the answer, same instance", async () => {
    const openai = unguarded();
    const options = { policyId, client: bed.anthale.client };
    expect(guardOpenAI(openai, options)).toBe(openai);
    expect(guardOpenAIClient(openai, options)).toBe(openai);
    const completion = await openai.chat.completions.create(ask("Hello there"));
    expect(completion.choices[0]?.message.content).toBe("echo: Hello there");
    expect(bed.provider.requests).toHaveLength(1);
    expect(bed.anthale.requests.map((request) => request.direction)).toEqual(["input", "output"]);
    expect(bed.anthale.requests[1]?.messages).toEqual([
      { role: "system", content: "You are terse." },
      { role: "user", content: "Hello there" },
      { role: "assistant", content: "echo: Hello there" },
    ]);
  });

  it("reports a detect decision and changes nothing", async () => {
    const completion = await client().chat.completions.create(ask("Talk politics"));
    expect(completion.choices[0]?.message.content).toBe("echo: Talk politics");
    expect(
      bed.decisions.map(({ direction, action, provider }) => [direction, action, provider]),
    ).toEqual([
      ["input", "detect", "openai"],
      ["output", "detect", "openai"],
    ]);
  });

  it("blocks the input before the provider sees anything", async () => {
    const error = await client()
      .chat.completions.create(ask("BLOCKME please"))
      .catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.direction).toBe("input");
    expect(bed.provider.requests).toHaveLength(0);
    expect(bed.decisions.map((decision) => decision.action)).toEqual(["block"]);
  });

  it("treats an unknown action as a block", async () => {
    await expect(client().chat.completions.create(ask("UNKNOWNACTION"))).rejects.toThrow(
      AnthalePolicyViolationError,
    );
    expect(bed.provider.requests).toHaveLength(0);
  });

  for (const trigger of ["REDACT_NOSPAN", "REDACT_ELSEWHERE"]) {
    it(`stops an input redaction it cannot apply (${trigger}) before the provider`, async () => {
      for (const failMode of ["closed", "open"] as const) {
        const error = await client({ failMode })
          .chat.completions.create(ask(`${trigger}: mail ${leakedEmail}`))
          .catch((e) => e);
        expect(error).toBeInstanceOf(AnthalePolicyViolationError);
        expect(error.reason).toBe("incomplete-redaction");
        expect(error.direction).toBe("input");
        expect(error.message).not.toContain(unmatchedSpan);
      }
      expect(bed.provider.requests).toHaveLength(0);
    });
  }

  it("redacts a look-alike placeholder holding an address in the answer", async () => {
    const completion = await client().chat.completions.create(ask("ANSWER_LOOKALIKE"));
    const content = completion.choices[0]?.message.content;
    expect(content).not.toContain("ceo@acme.com");
    expect(content).toContain("[REDACTED:email]");
  });

  it("blocks the output", async () => {
    const error = await client()
      .chat.completions.create(ask("ANSWER_BLOCK"))
      .catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.direction).toBe("output");
    expect(bed.provider.requests).toHaveLength(1);
  });

  it("redacts the input: the provider sees only redacted text", async () => {
    const completion = await client().chat.completions.create(ask(`Mail ${leakedEmail} now`));
    expect(bed.provider.requests[0]?.raw).not.toContain(leakedEmail);
    const sentMessages = bed.provider.requests[0]?.body.messages as { content: string }[];
    expect(sentMessages[1]?.content).toBe("Mail [REDACTED:email] now");
    expect(completion.choices[0]?.message.content).toBe("echo: Mail [REDACTED:email] now");
    expect(bed.anthale.requests[1]?.messages[1]).toEqual({
      role: "user",
      content: "Mail [REDACTED:email] now",
    });
  });

  it("redacts the output: the caller sees only redacted text", async () => {
    const completion = await client().chat.completions.create(ask("ANSWER_EMAIL"));
    expect(completion.choices[0]?.message.content).toBe("Sure, write to [REDACTED:email] today.");
    expect(completion._request_id).toBeDefined();
  });

  it("redacts tool-call arguments and tool results", async () => {
    const completion = await client().chat.completions.create(ask("ANSWER_TOOL"));
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual({
      to: "[REDACTED:email]",
      subject: "hello",
    });
    bed.provider.reset();
    await client().chat.completions.create({
      model: "gpt-test",
      messages: [
        { role: "user", content: "Send it" },
        {
          role: "assistant",
          tool_calls: [
            { id: "c1", type: "function", function: { name: "lookup", arguments: "{}" } },
          ],
        },
        {
          role: "tool",
          tool_call_id: "c1",
          content: [{ type: "text", text: `found ${leakedEmail}` }],
        },
      ],
    });
    expect(bed.provider.requests[0]?.raw).not.toContain(leakedEmail);
    expect(bed.provider.requests[0]?.raw).toContain("found [REDACTED:email]");
  });

  it("propagates an Anthale outage and never calls the provider", async () => {
    bed.anthale.failWith = 500;
    await expect(client().chat.completions.create(ask("Hello"))).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(bed.provider.requests).toHaveLength(0);
  });

  it("with parallelInput, aborts on block and re-sends the redacted input", async () => {
    await expect(
      client({ parallelInput: true }).chat.completions.create(ask("BLOCKME")),
    ).rejects.toThrow(AnthalePolicyViolationError);
    bed.provider.reset();
    const completion = await client({ parallelInput: true }).chat.completions.create(
      ask(`Mail ${leakedEmail}`),
    );
    expect(completion.choices[0]?.message.content).toBe("echo: Mail [REDACTED:email]");
    expect(bed.provider.requests.at(-1)?.raw).not.toContain(leakedEmail);
    const plain = await client({ parallelInput: true }).chat.completions.create(ask("Hi"));
    expect(plain.choices[0]?.message.content).toBe("echo: Hi");
  });

  it("keeps parse() and withResponse() working, and refuses asResponse()", async () => {
    const parsed = await client().chat.completions.parse(ask("ANSWER_EMAIL"));
    expect(parsed.choices[0]?.message.content).toBe("Sure, write to [REDACTED:email] today.");
    const { data, response } = await client().chat.completions.create(ask("Hi")).withResponse();
    expect(response.status).toBe(200);
    expect(data.choices[0]?.message.content).toBe("echo: Hi");
    const call = client().chat.completions.create(ask("Hi"));
    await expect(call.asResponse()).rejects.toThrow(/asResponse/);
    await call;
  });

  it("a block seen only through withResponse() leaves no unhandled rejection", async () => {
    const rejections = watchRejections();
    rejections.install();
    try {
      const error = await client()
        .chat.completions.create(ask("BLOCKME please"))
        .withResponse()
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AnthalePolicyViolationError);
      await settle();
      expect(rejections.reasons).toEqual([]);
    } finally {
      rejections.uninstall();
    }
  });

  it("guarding twice is a no-op: one check per direction", async () => {
    const openai = client();
    guardOpenAI(openai, { policyId, client: bed.anthale.client });
    await openai.chat.completions.create(ask("Hello"));
    expect(bed.anthale.requests).toHaveLength(2);
  });

  it("sends Anthale only each call's own messages under 100 concurrent calls", async () => {
    const openai = client();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        openai.chat.completions.create(ask(`call-${index}`)),
      ),
    );
    results.forEach((completion, index) => {
      expect(completion.choices[0]?.message.content).toBe(`echo: call-${index}`);
    });
    expect(bed.anthale.requests).toHaveLength(200);
    for (const request of bed.anthale.requests) {
      expect(callMarkers(request).size).toBe(1);
    }
  });

  it("hides a span written with a JSON escape in tool-call arguments", async () => {
    const completion = await client().chat.completions.create(ask("ANSWER_ESCAPED_TOOL"));
    const message = completion.choices[0]?.message;
    const call = message?.tool_calls?.[0];
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual({
      to: "[REDACTED:email]",
      subject: "hello",
    });
    expect(message?.content).toBe("Writing to [REDACTED:email] now.");
    expect(showsEscapedEmail(completion)).toBe(false);
  });
});

describe("guardOpenAI: chat.completions.create with stream: true", () => {
  it("buffer: redacts a span split across chunks", async () => {
    const stream = await client().chat.completions.create({ ...ask("ANSWER_EMAIL"), stream: true });
    const pieces = await streamText(stream);
    expect(pieces.join("")).toBe("Sure, write to [REDACTED:email] today.");
    expect(pieces.join("")).not.toContain("jane");
  });

  it("window: the same text, checked more than once", async () => {
    const openai = client({ stream: "window", windowSize: 10 });
    const stream = await openai.chat.completions.create({ ...ask("ANSWER_EMAIL"), stream: true });
    expect((await streamText(stream)).join("")).toBe("Sure, write to [REDACTED:email] today.");
    expect(
      bed.anthale.requests.filter((request) => request.direction === "output").length,
    ).toBeGreaterThan(1);
  });

  it("passthrough: releases the raw text, then rejects at the end on block", async () => {
    const stream = await client({ stream: "passthrough" }).chat.completions.create({
      ...ask("ANSWER_EMAIL"),
      stream: true,
    });
    expect((await streamText(stream)).join("")).toContain(leakedEmail);
    const blocked = await client({ stream: "passthrough" }).chat.completions.create({
      ...ask("ANSWER_BLOCK"),
      stream: true,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of blocked) received.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(received.join("")).toBe("Here it is: BLOCKME and the rest.");
  });

  it("window: a block mid-stream cancels the provider stream", async () => {
    const stream = await client({ stream: "window", windowSize: 10 }).chat.completions.create({
      ...ask("ANSWER_BLOCK HANG"),
      stream: true,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(received.join("")).not.toContain("BLOCKME");
    await expect.poll(() => bed.provider.cancelledStreams).toBe(1);
  });

  it("window: an output redaction it cannot apply stops the stream and cancels it", async () => {
    const stream = await client({ stream: "window", windowSize: 8 }).chat.completions.create({
      ...ask("ANSWER_UNREDACTABLE HANG"),
      stream: true,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.reason).toBe("incomplete-redaction");
    expect(error.direction).toBe("output");
    expect(received.join("")).not.toContain("REDACT_NOSPAN");
    await expect.poll(() => bed.provider.cancelledStreams).toBe(1);
  });

  it("buffer: redacts a look-alike placeholder split across chunks", async () => {
    const stream = await client().chat.completions.create({
      ...ask("ANSWER_LOOKALIKE"),
      stream: true,
    });
    const text = (await streamText(stream)).join("");
    expect(text).not.toContain("ceo@acme.com");
    expect(text).toContain("[REDACTED:email]");
  });

  it("redacts streamed tool-call arguments and works with the stream() helper", async () => {
    const stream = await client().chat.completions.create({ ...ask("ANSWER_TOOL"), stream: true });
    let args = "";
    for await (const chunk of stream)
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "";
    expect(JSON.parse(args)).toEqual({ to: "[REDACTED:email]", subject: "hello" });
    const helper = client().chat.completions.stream(ask("ANSWER_EMAIL"));
    const final = await helper.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe("Sure, write to [REDACTED:email] today.");
  });
  for (const mode of ["buffer", "window"] as const) {
    it(`${mode}: hides a span written with a JSON escape split across argument deltas`, async () => {
      const stream = await client({ stream: mode, windowSize: 8 }).chat.completions.create({
        ...ask("ANSWER_ESCAPED_TOOL"),
        stream: true,
      });
      const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const args = chunks
        .map((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "")
        .join("");
      expect(JSON.parse(args)).toEqual({ to: "[REDACTED:email]", subject: "hello" });
      expect(showsEscapedEmail(chunks)).toBe(false);
    });
  }
});
