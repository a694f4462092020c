import { SimpleChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { FakeToolCallingModel } from "langchain";
import { beforeEach, describe, expect, it } from "vitest";
import { AnthalePolicyViolationError } from "../../../src/index.js";
import { guardChatModel } from "../../../src/integrations/langchain/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { callMarkers } from "../helpers/fake-anthale.js";
import { MessageModel } from "../helpers/langchain-models.js";
import { escapedEmail, leakedEmail, showsEscapedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

const bed = useTestbed();

let modelCalls: string[];

beforeEach(() => {
  modelCalls = [];
});

const callbacks = [
  {
    handleChatModelStart: (_model: unknown, messages: { content: unknown }[][]) => {
      modelCalls.push(JSON.stringify(messages.flat().map((message) => message.content)));
    },
  },
];

function guard(
  model: FakeListChatModel | FakeToolCallingModel | SimpleChatModel | MessageModel,
  options: Partial<GuardOptions> = {},
) {
  return guardChatModel(model, bed.guardOptions(options));
}

/** A chat model that streams the given chunks as they are. */
class ChunkModel extends SimpleChatModel {
  constructor(readonly chunks: AIMessageChunk[]) {
    super({});
  }
  _llmType() {
    return "chunks";
  }
  async _call() {
    return "";
  }
  override async *_streamResponseChunks() {
    for (const message of this.chunks) yield new ChatGenerationChunk({ message, text: "" });
  }
}

const answering = (answer: string) => new FakeListChatModel({ responses: [answer] });
const echo = () => new FakeToolCallingModel({});

describe("guardChatModel: invoke and batch", () => {
  it("allows, checks input then output, and reports decisions", async () => {
    const model = guard(echo());
    const answer = await model.invoke(
      [new SystemMessage("Be terse."), new HumanMessage("politics")],
      {
        callbacks,
      },
    );
    expect(answer.content).toBe("Be terse.-politics");
    expect(modelCalls).toHaveLength(1);
    expect(bed.anthale.requests[1]?.messages).toEqual([
      { role: "system", content: "Be terse." },
      { role: "user", content: "politics" },
      { role: "assistant", content: "Be terse.-politics" },
    ]);
    expect(
      bed.decisions.map(
        (decision) => `${decision.direction}:${decision.action}:${decision.provider}`,
      ),
    ).toEqual(["input:detect:langchain", "output:detect:langchain"]);
  });

  it("redacts tool-call arguments in the answer", async () => {
    const model = new FakeToolCallingModel({
      toolCalls: [[{ name: "send_email", args: { to: leakedEmail }, id: "call-1" }]],
    });
    const answer = await guard(model).invoke("Send it");
    expect(answer.tool_calls?.[0]?.args).toEqual({ to: "[REDACTED:email]" });
  });

  it("hides a span written with a JSON escape in raw and unparsed tool-call arguments", async () => {
    const escaped = '{"to":"ceo\\u0040acme.com","subject":"hello"}';
    const model = new MessageModel(
      new AIMessage({
        content: `Writing to ${escapedEmail} now.`,
        tool_calls: [
          { name: "send_email", args: { to: escapedEmail, subject: "hello" }, id: "c1" },
        ],
        additional_kwargs: {
          tool_calls: [
            { id: "c1", type: "function", function: { name: "send_email", arguments: escaped } },
          ],
        },
        invalid_tool_calls: [{ name: "send_email", args: `${escaped},`, id: "c2", error: "bad" }],
      }),
    );
    const answer = await guard(model).invoke("Send it");
    expect(answer.content).toBe("Writing to [REDACTED:email] now.");
    const raw = answer.additional_kwargs.tool_calls?.[0]?.function.arguments;
    expect(JSON.parse(raw ?? "")).toEqual({ to: "[REDACTED:email]", subject: "hello" });
    expect(showsEscapedEmail(answer)).toBe(false);
  });

  it("with parallelInput, calls at once and answers from the redacted re-send", async () => {
    await expect(
      guard(echo(), { parallelInput: true }).invoke("BLOCKME", { callbacks }),
    ).rejects.toThrow(AnthalePolicyViolationError);
    const answer = await guard(echo(), { parallelInput: true }).invoke(`Mail ${leakedEmail}`, {
      callbacks,
    });
    expect(answer.content).toBe("Mail [REDACTED:email]");
    expect(modelCalls.slice(1).map((call) => call.includes(leakedEmail))).toEqual([true, false]);
  });

  it("batches, and keeps 100 concurrent calls apart", async () => {
    const model = guard(echo());
    const answers = await model.batch(Array.from({ length: 100 }, (_, index) => `call-${index}`));
    answers.forEach((answer, index) => {
      expect(answer.content).toBe(`call-${index}`);
    });
    expect(bed.anthale.requests).toHaveLength(200);
    for (const request of bed.anthale.requests) {
      expect(callMarkers(request).size).toBe(1);
    }
  });
});

describe("guardChatModel: stream", () => {
  it("buffer: an output redaction it cannot apply stops the stream with nothing released", async () => {
    const model = guard(answering("Here it is: REDACT_NOSPAN and the rest."));
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of await model.stream("Hi")) received.push(String(chunk.content));
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.reason).toBe("incomplete-redaction");
    expect(received).toEqual([]);
  });

  it("redacts streamed tool-call chunks", async () => {
    const model = new FakeToolCallingModel({
      toolCalls: [[{ name: "send_email", args: { to: leakedEmail }, id: "call-1" }]],
    });
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await guard(model).stream("Send it")) {
      merged = merged ? merged.concat(chunk) : chunk;
    }
    expect(JSON.stringify(merged)).not.toContain(leakedEmail);
    expect(merged?.tool_calls?.[0]?.args).toEqual({ to: "[REDACTED:email]" });
  });

  it("redacts tool-call argument chunks split across the stream", async () => {
    const args = JSON.stringify({ to: leakedEmail, subject: "hello" });
    const chunks = [args.slice(0, 12), args.slice(12, 20), args.slice(20)].map(
      (piece, index) =>
        new AIMessageChunk({
          content: "",
          tool_call_chunks: [
            {
              name: index === 0 ? "send_email" : undefined,
              args: piece,
              id: index === 0 ? "c1" : undefined,
              index: 0,
            },
          ],
        }),
    );
    for (const mode of ["buffer", "window"] as const) {
      const model = guard(new ChunkModel(chunks), { stream: mode, windowSize: 4 });
      let merged: AIMessageChunk | undefined;
      for await (const chunk of await model.stream("Send it"))
        merged = merged ? merged.concat(chunk) : chunk;
      expect(JSON.stringify(merged?.tool_call_chunks)).not.toContain("jane");
      expect(merged?.tool_calls?.[0]?.args).toEqual({ to: "[REDACTED:email]", subject: "hello" });
    }
  });
  it("hides a span written with a JSON escape in tool-call argument chunks", async () => {
    const args = '{"to":"ceo\\u0040acme.com","subject":"hello"}';
    const chunks = [
      new AIMessageChunk({ content: `Writing to ${escapedEmail} now.` }),
      ...[args.slice(0, 11), args.slice(11, 17), args.slice(17)].map(
        (piece, index) =>
          new AIMessageChunk({
            content: "",
            tool_call_chunks: [
              {
                name: index === 0 ? "send_email" : undefined,
                args: piece,
                id: index === 0 ? "c1" : undefined,
                index: 0,
              },
            ],
          }),
      ),
    ];
    for (const mode of ["buffer", "window"] as const) {
      const model = guard(new ChunkModel(chunks), { stream: mode, windowSize: 4 });
      const released: AIMessageChunk[] = [];
      for await (const chunk of await model.stream("Send it")) released.push(chunk);
      const merged = released.reduce((all, chunk) => all.concat(chunk));
      expect(merged.tool_calls?.[0]?.args).toEqual({ to: "[REDACTED:email]", subject: "hello" });
      expect(merged.content).toBe("Writing to [REDACTED:email] now.");
      expect(showsEscapedEmail(released)).toBe(false);
    }
  });
});
