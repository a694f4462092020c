// Every block of an Anthropic request or answer that carries text is checked and redacted:
// documents (text and content sources, title, context), search results, citations (whole and
// streamed), the results of server tools; and beta.messages.create is guarded like messages.create.
import Anthropic from "@anthropic-ai/sdk";
import { beforeEach, describe, expect, it } from "vitest";
import { AnthalePolicyViolationError } from "../../../src/index.js";
import { guardAnthropic } from "../../../src/integrations/anthropic/index.js";
import { anthropicHandler } from "../helpers/anthropic-fake.js";
import { shownText } from "../helpers/fake-anthale.js";
import type { Reply, ServerEvent } from "../helpers/fake-provider.js";
import { leakedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

// What the provider answers the next request with, when set; the scripted answers otherwise.
let reply: Reply | undefined;
const bed = useTestbed((request) => reply ?? anthropicHandler(request));

beforeEach(() => {
  reply = undefined;
});

const client = () =>
  guardAnthropic(
    new Anthropic({ apiKey: "sk-test", baseURL: bed.provider.url, maxRetries: 0 }),
    bed.guardOptions(),
  );

/** Whether the fake Anthale was shown the leaked address. */
const anthaleSaw = () => shownText(bed.anthale.requests).includes(leakedEmail);

/** What the provider received, as sent. */
const sent = () => bed.provider.requests.map((request) => request.raw).join("\n");

const message = (content: unknown[]) => ({
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-test",
  content,
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
});

const citation = {
  type: "char_location",
  cited_text: `Write to ${leakedEmail}`,
  document_index: 0,
  document_title: "Notes",
  start_char_index: 0,
  end_char_index: 10,
};

describe("guardAnthropic: blocks beyond text", () => {
  it("redacts documents and search results in the input", async () => {
    await client().messages.create({
      model: "claude-test",
      max_tokens: 100,
      messages: [
        {
          role: "user",
          content: [
            {
              type: "document",
              title: `Letter to ${leakedEmail}`,
              context: `Sent by ${leakedEmail}`,
              source: { type: "content", content: [{ type: "text", text: `Doc: ${leakedEmail}` }] },
            },
            {
              type: "document",
              source: { type: "content", content: `Plain: ${leakedEmail}` },
            },
            {
              type: "search_result",
              source: "crm",
              title: "Record",
              content: [{ type: "text", text: `CRM: ${leakedEmail}` }],
            },
            { type: "text", text: "Summarize." },
          ],
        },
      ],
    });
    expect(anthaleSaw()).toBe(true);
    expect(sent()).not.toContain(leakedEmail);
    expect(sent()).toContain("CRM: [REDACTED:email]");
  });

  it("redacts citations and the results of server tools in the answer", async () => {
    reply = {
      json: message([
        { type: "text", text: "See the notes.", citations: [citation] },
        {
          type: "web_search_tool_result",
          tool_use_id: "srvtoolu_1",
          content: [
            {
              type: "web_search_result",
              url: "https://example.com",
              title: `Page of ${leakedEmail}`,
              encrypted_content: "opaque",
              page_age: null,
            },
          ],
        },
      ]),
    };
    const answer = await client().messages.create({
      model: "claude-test",
      max_tokens: 100,
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(anthaleSaw()).toBe(true);
    expect(JSON.stringify(answer)).not.toContain(leakedEmail);
    expect(answer.content[0]).toMatchObject({
      citations: [{ cited_text: "Write to [REDACTED:email]", document_title: "Notes" }],
    });
    expect(shownText(bed.anthale.requests)).not.toContain("opaque");
  });

  it("redacts streamed citations", async () => {
    const event = (type: string, fields: Record<string, unknown>): ServerEvent => ({
      event: type,
      data: { type, ...fields },
    });
    reply = {
      events: [
        event("message_start", { message: message([]) }),
        event("content_block_start", {
          index: 0,
          content_block: { type: "text", text: "", citations: [] },
        }),
        event("content_block_delta", { index: 0, delta: { type: "citations_delta", citation } }),
        event("content_block_delta", { index: 0, delta: { type: "text_delta", text: "See." } }),
        event("content_block_stop", { index: 0 }),
        event("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 1 } }),
        event("message_stop", {}),
      ],
    };
    const stream = client().messages.stream({
      model: "claude-test",
      max_tokens: 100,
      messages: [{ role: "user", content: "Hi" }],
    });
    const final = await stream.finalMessage();
    expect(anthaleSaw()).toBe(true);
    expect(JSON.stringify(final)).not.toContain(leakedEmail);
    expect(final.content[0]).toMatchObject({
      text: "See.",
      citations: [{ cited_text: "Write to [REDACTED:email]" }],
    });
  });
});

describe("guardAnthropic: beta.messages.create", () => {
  it("is guarded like messages.create, in both directions", async () => {
    const beta = client().beta.messages;
    await beta.create({
      model: "claude-test",
      max_tokens: 100,
      messages: [{ role: "user", content: `Mail ${leakedEmail}` }],
    });
    expect(sent()).not.toContain(leakedEmail);
    expect(bed.anthale.requests.map((request) => request.direction)).toEqual(["input", "output"]);
    const answer = await beta.create({
      model: "claude-test",
      max_tokens: 100,
      messages: [{ role: "user", content: "ANSWER_EMAIL" }],
    });
    expect(JSON.stringify(answer.content)).not.toContain(leakedEmail);
    await expect(
      beta.create({
        model: "claude-test",
        max_tokens: 100,
        messages: [{ role: "user", content: "BLOCKME" }],
      }),
    ).rejects.toThrow(AnthalePolicyViolationError);
    expect(bed.provider.requests).toHaveLength(2);
  });

  it("guards beta streams", async () => {
    const stream = client().beta.messages.stream({
      model: "claude-test",
      max_tokens: 100,
      messages: [{ role: "user", content: "ANSWER_EMAIL" }],
    });
    const final = await stream.finalMessage();
    expect(JSON.stringify(final.content)).not.toContain(leakedEmail);
    expect(JSON.stringify(final.content)).toContain("[REDACTED:email]");
  });
});
