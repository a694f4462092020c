import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { AnthalePolicyViolationError } from "../../../src/index.js";
import { guardAnthropic } from "../../../src/integrations/anthropic/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { anthropicHandler } from "../helpers/anthropic-fake.js";
import { policyId } from "../helpers/fake-anthale.js";
import { leakedEmail, showsEscapedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

const bed = useTestbed(anthropicHandler);

/** A client of the fake provider, not guarded. */
const unguarded = () =>
  new Anthropic({ apiKey: "sk-test", baseURL: bed.provider.url, maxRetries: 0 });

function client(options: Partial<GuardOptions> = {}) {
  return guardAnthropic(unguarded(), bed.guardOptions(options));
}

const ask = (content: string) => ({
  model: "claude-test",
  max_tokens: 100,
  system: "Be terse.",
  messages: [{ role: "user" as const, content }],
});

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}

describe("guardAnthropic: messages.create", () => {
  it("allows, checks system and messages, returns the same instance, guards once", async () => {
    const anthropic = unguarded();
    expect(guardAnthropic(anthropic, { policyId, client: bed.anthale.client })).toBe(anthropic);
    guardAnthropic(anthropic, { policyId, client: bed.anthale.client });
    const message = await anthropic.messages.create(ask("Hello"));
    expect(textOf(message)).toBe("echo: Hello");
    expect(bed.anthale.requests).toHaveLength(2);
    expect(bed.anthale.requests[1]?.messages).toEqual([
      { role: "system", content: "Be terse." },
      { role: "user", content: "Hello" },
      { role: "assistant", content: "echo: Hello" },
    ]);
  });

  it("redacts the input in place: system blocks, system messages, text, tool results", async () => {
    await client().messages.create({
      model: "claude-test",
      max_tokens: 100,
      system: [{ type: "text", text: `Support for ${leakedEmail}` }],
      messages: [
        { role: "system", content: `Owner: ${leakedEmail}` },
        { role: "user", content: [{ type: "text", text: `I am ${leakedEmail}` }] },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "t1", name: "find", input: { q: leakedEmail } }],
        },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "t1", content: `found ${leakedEmail}` }],
        },
        { role: "user", content: "Thanks" },
      ],
    });
    const sent = bed.provider.requests[0];
    expect(sent?.raw).not.toContain(leakedEmail);
    expect(sent?.body.system).toEqual([{ type: "text", text: "Support for [REDACTED:email]" }]);
    expect(sent?.body.messages).toMatchObject([
      { content: "Owner: [REDACTED:email]" },
      { content: [{ text: "I am [REDACTED:email]" }] },
      { content: [{ input: { q: "[REDACTED:email]" } }] },
      { content: [{ content: "found [REDACTED:email]" }] },
      { content: "Thanks" },
    ]);
  });

  it("redacts the output: text and tool-use input", async () => {
    expect(textOf(await client().messages.create(ask("ANSWER_EMAIL")))).toBe(
      "Sure, write to [REDACTED:email] today.",
    );
    const tool = await client().messages.create(ask("ANSWER_TOOL"));
    expect(tool.content[0]).toMatchObject({ type: "tool_use", input: { to: "[REDACTED:email]" } });
  });
});

describe("guardAnthropic: streams", () => {
  it("buffer: an output redaction it cannot apply stops the stream with nothing released", async () => {
    const stream = await client().messages.create({ ...ask("ANSWER_UNREDACTABLE"), stream: true });
    const events: unknown[] = [];
    const error = await (async () => {
      for await (const event of stream) events.push(event);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.reason).toBe("incomplete-redaction");
    expect(events).toEqual([]);
  });

  it("redacts streamed tool input, also through messages.stream()", async () => {
    const final = await client().messages.stream(ask("ANSWER_TOOL")).finalMessage();
    expect(final.content[0]).toMatchObject({ type: "tool_use", input: { to: "[REDACTED:email]" } });
    const text = await client().messages.stream(ask("ANSWER_EMAIL")).finalText();
    expect(text).toBe("Sure, write to [REDACTED:email] today.");
  });
  for (const mode of ["buffer", "window"] as const) {
    it(`${mode}: hides a span written with a JSON escape in streamed tool input`, async () => {
      const stream = await client({ stream: mode, windowSize: 8 }).messages.create({
        ...ask("ANSWER_ESCAPED_TOOL"),
        stream: true,
      });
      let input = "";
      const events: Anthropic.RawMessageStreamEvent[] = [];
      for await (const event of stream) {
        events.push(event);
        if (event.type === "content_block_delta" && event.delta.type === "input_json_delta")
          input += event.delta.partial_json;
      }
      expect(JSON.parse(input)).toEqual({ to: "[REDACTED:email]", subject: "hello" });
      expect(showsEscapedEmail(events)).toBe(false);
      const final = await client({ stream: mode, windowSize: 8 })
        .messages.stream(ask("ANSWER_ESCAPED_TOOL"))
        .finalMessage();
      expect(final.content[1]).toMatchObject({
        type: "tool_use",
        input: { to: "[REDACTED:email]", subject: "hello" },
      });
      expect(showsEscapedEmail(final)).toBe(false);
    });
  }
});
