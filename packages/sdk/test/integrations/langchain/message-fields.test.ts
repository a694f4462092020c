// Every field of a LangChain message that carries text is checked and redacted: content blocks of
// any type, streamed or not, tool calls (parsed, invalid or in chunks), additional_kwargs and the
// raw output kept in response_metadata.
import { AIMessage, AIMessageChunk, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { guardChatModel } from "../../../src/integrations/langchain/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { shownText } from "../helpers/fake-anthale.js";
import { ChunkModel, MessageModel, merged } from "../helpers/langchain-models.js";
import { leakedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

const bed = useTestbed();

const guard = (model: MessageModel | ChunkModel, options: Partial<GuardOptions> = {}) =>
  guardChatModel(model, bed.guardOptions(options));

/** Whether the fake Anthale was shown the leaked address. */
const anthaleSaw = () => shownText(bed.anthale.requests).includes(leakedEmail);

const block = (fields: Record<string, unknown>) => fields as never;

describe("guardChatModel: content blocks", () => {
  for (const mode of ["buffer", "window"] as const) {
    it(`${mode}: redacts a streamed answer made of text_delta blocks, split across chunks`, async () => {
      const text = `Write to ${leakedEmail} today, and again to ${leakedEmail} tomorrow.`;
      const chunks = [
        new AIMessageChunk({ content: [block({ index: 0, type: "text", text: "" })] }),
        ...[text.slice(0, 13), text.slice(13, 40), text.slice(40)].map(
          (piece) =>
            new AIMessageChunk({ content: [block({ index: 0, type: "text_delta", text: piece })] }),
        ),
      ];
      const answer = await merged(
        await guard(new ChunkModel(chunks), { stream: mode, windowSize: 8 }).stream("Hi"),
      );
      expect(anthaleSaw()).toBe(true);
      expect(JSON.stringify(answer.content)).not.toContain("jane");
      expect(answer.text).toBe(
        "Write to [REDACTED:email] today, and again to [REDACTED:email] tomorrow.",
      );
    });
  }

  it("redacts thinking, reasoning and refusal blocks, and blocks of unknown types", async () => {
    const answer = await guard(
      new MessageModel(
        new AIMessage({
          content: [
            block({ type: "thinking", thinking: `The user is ${leakedEmail}`, signature: "sig" }),
            block({ type: "reasoning", reasoning: `Remember ${leakedEmail}` }),
            block({ type: "refusal", refusal: `No mail to ${leakedEmail}` }),
            block({ type: "future_block", body: { note: `From ${leakedEmail}` } }),
            { type: "text", text: "Done." },
          ],
        }),
      ),
    ).invoke("Hi");
    expect(anthaleSaw()).toBe(true);
    expect(JSON.stringify(answer.content)).not.toContain(leakedEmail);
    expect(answer.content).toEqual([
      { type: "thinking", thinking: "The user is [REDACTED:email]", signature: "sig" },
      { type: "reasoning", reasoning: "Remember [REDACTED:email]" },
      { type: "refusal", refusal: "No mail to [REDACTED:email]" },
      { type: "future_block", body: { note: "From [REDACTED:email]" } },
      { type: "text", text: "Done." },
    ]);
  });

  it("redacts provider blocks in the input: search results, documents, input_text", async () => {
    const model = new MessageModel(new AIMessage("ok"));
    await guard(model).invoke([
      new HumanMessage({
        content: [
          block({ type: "input_text", text: `Mine is ${leakedEmail}` }),
          block({
            type: "search_result",
            source: "crm",
            title: `Record of ${leakedEmail}`,
            content: [{ type: "text", text: `CRM: ${leakedEmail}` }],
          }),
          block({
            type: "document",
            source: { type: "text", media_type: "text/plain", data: `Doc: ${leakedEmail}` },
            context: `About ${leakedEmail}`,
          }),
        ],
      }),
    ]);
    expect(anthaleSaw()).toBe(true);
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]).not.toContain(leakedEmail);
    expect(model.calls[0]).toContain("CRM: [REDACTED:email]");
    expect(model.calls[0]).toContain("Doc: [REDACTED:email]");
  });

  it("does not send media data to Anthale", async () => {
    const image = `data:image/png;base64,${"A".repeat(64)}`;
    await guard(new MessageModel(new AIMessage("ok"))).invoke([
      new HumanMessage({
        content: [
          { type: "text", text: "What is this?" },
          { type: "image_url", image_url: { url: image } },
          block({
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "AAAA" },
          }),
        ],
      }),
    ]);
    expect(bed.anthale.requests[0]?.messages).toEqual([{ role: "user", content: "What is this?" }]);
  });
});

describe("guardChatModel: tool calls", () => {
  it("redacts the input_json_delta copy of streamed tool-call arguments", async () => {
    const args = JSON.stringify({ to: leakedEmail });
    const chunks = [
      new AIMessageChunk({
        content: [block({ index: 1, type: "tool_use", id: "t1", name: "send", input: "" })],
        tool_call_chunks: [{ index: 1, id: "t1", name: "send", args: "", type: "tool_call_chunk" }],
      }),
      ...[args.slice(0, 11), args.slice(11)].map(
        (piece) =>
          new AIMessageChunk({
            content: [block({ index: 1, type: "input_json_delta", input: piece })],
            tool_call_chunks: [{ index: 1, args: piece, type: "tool_call_chunk" }],
          }),
      ),
    ];
    const answer = await merged(await guard(new ChunkModel(chunks)).stream("Send it"));
    expect(JSON.stringify(answer.content)).not.toContain("jane");
    expect(answer.tool_calls?.[0]?.args).toEqual({ to: "[REDACTED:email]" });
  });

  it("keeps interleaved parallel tool-call chunks apart by their index", async () => {
    const first = JSON.stringify({ to: leakedEmail });
    const second = JSON.stringify({ cc: leakedEmail });
    // Each address is split in two, and the other call's chunk comes in between.
    const chunk = (index: number, args: string) =>
      new AIMessageChunk({
        content: "",
        tool_call_chunks: [
          {
            index,
            args,
            type: "tool_call_chunk",
            ...(args.startsWith("{") ? { id: `c${index}` } : {}),
          },
        ],
      });
    const chunks = [
      chunk(0, first.slice(0, 12)),
      chunk(1, second.slice(0, 12)),
      chunk(0, first.slice(12)),
      chunk(1, second.slice(12)),
    ];
    for (const mode of ["buffer", "window"] as const) {
      const answer = await merged(
        await guard(new ChunkModel(chunks), { stream: mode, windowSize: 4 }).stream("Send"),
      );
      expect(JSON.stringify(answer.tool_call_chunks)).not.toContain("jane");
      expect(answer.tool_calls?.map((call) => call.args)).toEqual([
        { to: "[REDACTED:email]" },
        { cc: "[REDACTED:email]" },
      ]);
    }
  });

  it("redacts the arguments of invalid tool calls", async () => {
    const answer = await guard(
      new MessageModel(
        new AIMessage({
          content: "",
          invalid_tool_calls: [
            { name: "send", args: `{"to": "${leakedEmail}"`, id: "1", error: "bad JSON" },
          ],
        }),
      ),
    ).invoke("Hi");
    expect(anthaleSaw()).toBe(true);
    expect(answer.invalid_tool_calls?.[0]?.args).toBe('{"to": "[REDACTED:email]"');
  });
});

describe("guardChatModel: additional_kwargs and response_metadata", () => {
  it("redacts reasoning, refusals and raw tool calls kept in additional_kwargs", async () => {
    const answer = await guard(
      new MessageModel(
        new AIMessage({
          content: "ok",
          tool_calls: [],
          additional_kwargs: {
            reasoning_content: `Think of ${leakedEmail}`,
            reasoning: { id: "rs_1", summary: [{ type: "summary_text", text: leakedEmail }] },
            tool_calls: [
              {
                id: "c1",
                type: "function",
                function: { name: "send", arguments: JSON.stringify({ to: leakedEmail }) },
              },
            ],
          },
        }),
      ),
    ).invoke("Hi");
    expect(anthaleSaw()).toBe(true);
    expect(JSON.stringify(answer.additional_kwargs)).not.toContain(leakedEmail);
    expect(answer.additional_kwargs).toMatchObject({
      reasoning_content: "Think of [REDACTED:email]",
      reasoning: { id: "rs_1", summary: [{ text: "[REDACTED:email]" }] },
      tool_calls: [{ id: "c1", function: { arguments: '{"to":"[REDACTED:email]"}' } }],
    });
  });

  it("redacts additional_kwargs of earlier messages before the model sees them", async () => {
    const model = new MessageModel(new AIMessage("ok"));
    await guard(model).invoke([
      new HumanMessage("Hi"),
      new AIMessage({
        content: "",
        additional_kwargs: { function_call: { name: "send", arguments: leakedEmail } },
      }),
      new HumanMessage("Go on"),
    ]);
    expect(model.calls[0]).not.toContain(leakedEmail);
    expect(model.calls[0]).toContain("[REDACTED:email]");
  });

  it("redacts the raw output a provider keeps in response_metadata", async () => {
    const answer = await guard(
      new MessageModel(
        new AIMessage({
          content: [{ type: "text", text: `To ${leakedEmail}` }],
          response_metadata: {
            model_name: "gpt-test",
            output: [
              {
                type: "message",
                id: "msg_1",
                content: [{ type: "output_text", text: `To ${leakedEmail}` }],
              },
            ],
          },
        }),
      ),
    ).invoke("Hi");
    expect(JSON.stringify(answer)).not.toContain(leakedEmail);
    expect(answer.response_metadata.model_name).toBe("gpt-test");
  });

  it("redacts streamed reasoning_content deltas in additional_kwargs", async () => {
    const reasoning = `The user wrote ${leakedEmail} earlier.`;
    const chunks = [reasoning.slice(0, 20), reasoning.slice(20)].map(
      (piece) =>
        new AIMessageChunk({ content: "", additional_kwargs: { reasoning_content: piece } }),
    );
    const answer = await merged(await guard(new ChunkModel(chunks)).stream("Hi"));
    expect(anthaleSaw()).toBe(true);
    expect(answer.additional_kwargs.reasoning_content).toBe(
      "The user wrote [REDACTED:email] earlier.",
    );
  });
});
