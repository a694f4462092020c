import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { AnthalePolicyViolationError } from "../../../src/index.js";
import { guardOpenAI, guardOpenAIClient } from "../../../src/integrations/openai/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { settle, watchRejections } from "../../faults/leak-checks.js";
import { policyId } from "../helpers/fake-anthale.js";
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

  it("keeps the provider's _request_id on a redacted completion", async () => {
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
