import { SystemMessage } from "@langchain/core/messages";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { createAgent, FakeToolCallingModel, tool } from "langchain";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AnthalePolicyViolationError } from "../../../src/index.js";
import { AnthaleLangchainMiddleware } from "../../../src/integrations/langchain/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { leakedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

const bed = useTestbed();

let modelCalls: string[];

beforeEach(() => {
  modelCalls = [];
});

const recordCalls = [
  {
    handleChatModelStart: (_model: unknown, messages: { content: unknown }[][]) => {
      modelCalls.push(JSON.stringify(messages.flat().map((message) => message.content)));
    },
  },
];

function middleware(options: Partial<GuardOptions> = {}) {
  return new AnthaleLangchainMiddleware(bed.guardOptions(options));
}

/** An agent over LangChain's echoing fake model (it answers with its input joined by "-"). */
function echoAgent(options: Partial<GuardOptions> = {}, toolCalls: unknown[][] = []) {
  const model = new FakeToolCallingModel({ toolCalls: toolCalls as never });
  return createAgent({
    model,
    tools: [],
    systemPrompt: "Be terse.",
    middleware: [middleware(options)],
  });
}

function answerAgent(answer: string, options: Partial<GuardOptions> = {}) {
  const model = new FakeListChatModel({ responses: [answer] });
  return createAgent({ model, tools: [], middleware: [middleware(options)] });
}

const ask = (content: string) => ({ messages: [{ role: "user" as const, content }] });
/** Invoke options that record every model call. */
const recorded = { callbacks: recordCalls };

describe("AnthaleLangchainMiddleware", () => {
  it("allows and checks the system prompt, the messages and the answer", async () => {
    const result = await echoAgent().invoke(ask("Hello"), recorded);
    expect(result.messages.at(-1)?.content).toBe("Be terse.-Hello");
    expect(modelCalls).toHaveLength(1);
    expect(bed.anthale.requests.map((request) => request.direction)).toEqual(["input", "output"]);
    expect(bed.anthale.requests[0]?.messages).toEqual([
      { role: "system", content: "Be terse." },
      { role: "user", content: "Hello" },
    ]);
  });

  it("redacts the input for the model and in the agent state", async () => {
    const result = await echoAgent().invoke(ask(`Mail ${leakedEmail}`), recorded);
    expect(modelCalls[0]).not.toContain(leakedEmail);
    expect(JSON.stringify(result.messages)).not.toContain(leakedEmail);
    expect(result.messages).toHaveLength(2);
    expect(result.messages[0]?.content).toBe("Mail [REDACTED:email]");
  });

  it("redacts a system prompt: the model receives the redacted system message", async () => {
    const agent = createAgent({
      model: new FakeToolCallingModel({}),
      tools: [],
      systemPrompt: "Escalate to ops@example.org.",
      middleware: [middleware()],
    });
    const result = await agent.invoke(ask("Hello"), recorded);
    expect(modelCalls).toHaveLength(1);
    expect(modelCalls[0]).not.toContain("ops@example.org");
    expect(JSON.parse(modelCalls[0] as string)[0]).toEqual([
      { type: "text", text: "Escalate to [REDACTED:email]." },
    ]);
    expect(bed.anthale.requests[0]?.messages[0]).toEqual({
      role: "system",
      content: "Escalate to ops@example.org.",
    });
    expect(result.messages.at(-1)?.content).toBe("Escalate to [REDACTED:email].-Hello");
    // The system message is no part of the agent state: only the question and the answer are.
    expect(result.messages).toHaveLength(2);
  });

  it("redacts a system message given as content blocks", async () => {
    const agent = createAgent({
      model: new FakeToolCallingModel({}),
      tools: [],
      systemPrompt: new SystemMessage({
        content: [
          { type: "text", text: "Be terse." },
          { type: "text", text: "Escalate to ops@example.org." },
        ],
      }),
      middleware: [middleware()],
    });
    await agent.invoke(ask("Hello"), recorded);
    expect(modelCalls[0]).not.toContain("ops@example.org");
    expect(modelCalls[0]).toContain("[REDACTED:email]");
    expect(modelCalls[0]).toContain("Be terse.");
  });

  it("redacts the output in the returned state", async () => {
    const result = await answerAgent(`Write to ${leakedEmail} now`).invoke(ask("Hi"), recorded);
    expect(result.messages.at(-1)?.content).toBe("Write to [REDACTED:email] now");
    // The redacted answer replaces the model's own in the state: the raw one is nowhere in it.
    expect(result.messages).toHaveLength(2);
    expect(JSON.stringify(result.messages)).not.toContain(leakedEmail);
  });

  it("redacts tool-call arguments before the tool runs, and tool results before the model", async () => {
    const received: unknown[] = [];
    const send = tool(
      async (input) => {
        received.push(input);
        return `delivered to ${leakedEmail}`;
      },
      { name: "send_email", description: "Sends an email", schema: z.object({ to: z.string() }) },
    );
    const model = new FakeToolCallingModel({
      toolCalls: [[{ name: "send_email", args: { to: leakedEmail }, id: "call-1" }], []],
    });
    const agent = createAgent({ model, tools: [send], middleware: [middleware()] });
    const result = await agent.invoke(ask("Send it"), recorded);
    expect(received).toEqual([{ to: "[REDACTED:email]" }]);
    expect(modelCalls[1]).not.toContain(leakedEmail);
    expect(JSON.stringify(result.messages)).not.toContain(leakedEmail);
  });

  it("checks a tool call's arguments itself before the tool runs", async () => {
    const ran: unknown[] = [];
    const handler = async (request: { toolCall: unknown }) => {
      ran.push(request.toolCall);
      return "done" as never;
    };
    const request = (args: unknown) =>
      ({
        toolCall: { name: "t", args, id: "1" },
        tool: undefined,
        state: {},
        runtime: {},
      }) as never;
    await expect(middleware().wrapToolCall(request({ q: "BLOCKME" }), handler)).rejects.toThrow(
      AnthalePolicyViolationError,
    );
    await middleware().wrapToolCall(request({ q: leakedEmail }), handler);
    expect(ran).toEqual([{ name: "t", args: { q: "[REDACTED:email]" }, id: "1" }]);
  });

  it("with parallelInput, drops the early answer on block and re-sends on redact", async () => {
    const error = await echoAgent({ parallelInput: true })
      .invoke(ask("BLOCKME"), recorded)
      .catch((e) => e);
    expect(error.cause).toBeInstanceOf(AnthalePolicyViolationError);
    modelCalls = [];
    const result = await echoAgent({ parallelInput: true }).invoke(
      ask(`Mail ${leakedEmail}`),
      recorded,
    );
    expect(result.messages.at(-1)?.content).toBe("Be terse.-Mail [REDACTED:email]");
    expect(modelCalls).toHaveLength(2);
    expect(modelCalls[0]).toContain(leakedEmail);
    expect(modelCalls[1]).not.toContain(leakedEmail);
  });
});
