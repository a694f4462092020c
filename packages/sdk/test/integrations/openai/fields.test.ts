// Every field of an OpenAI request or answer that carries text is checked and redacted: stored
// prompt variables, every kind of Responses item (reasoning, MCP, shell, code interpreter,
// computer use), reasoning summaries streamed or not, and in Chat Completions the legacy
// function_call, predicted output, refusal parts and audio transcripts.
import OpenAI from "openai";
import { beforeEach, describe, expect, it } from "vitest";
import { AnthaleValidationError } from "../../../src/index.js";
import { guardOpenAI } from "../../../src/integrations/openai/index.js";
import { shownText } from "../helpers/fake-anthale.js";
import { piecesOf, type Reply, type ServerEvent } from "../helpers/fake-provider.js";
import { leakedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

// What the provider answers the next request with; set by each test.
let reply: Reply;
const bed = useTestbed(() => reply);

beforeEach(() => {
  reply = { json: response([]) };
});

const client = () =>
  guardOpenAI(
    new OpenAI({ apiKey: "sk-test", baseURL: bed.provider.url, maxRetries: 0 }),
    bed.guardOptions(),
  );

/** Whether the fake Anthale was shown the leaked address. */
const anthaleSaw = () => shownText(bed.anthale.requests).includes(leakedEmail);

/** What the provider received, as sent. */
const sent = () => bed.provider.requests.map((request) => request.raw).join("\n");

function response(output: unknown[]) {
  return {
    id: "resp_1",
    object: "response",
    created_at: 1,
    status: "completed",
    model: "gpt-test",
    output,
    parallel_tool_calls: true,
    tool_choice: "auto",
    tools: [],
  };
}

function completion(message: Record<string, unknown>) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-test",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", ...message } }],
  };
}

const reasoning = (text: string) => ({
  type: "reasoning",
  id: "rs_1",
  summary: [{ type: "summary_text", text }],
});

describe("guardOpenAI: responses.create, fields beyond messages", () => {
  it("redacts the variables of a stored prompt", async () => {
    await client().responses.create({
      model: "gpt-test",
      prompt: {
        id: "pmpt_1",
        variables: {
          customer: leakedEmail,
          note: { type: "input_text", text: `Reach ${leakedEmail}` },
        },
      },
    });
    expect(anthaleSaw()).toBe(true);
    expect(sent()).not.toContain(leakedEmail);
    expect(bed.provider.requests[0]?.body.prompt).toEqual({
      id: "pmpt_1",
      variables: {
        customer: "[REDACTED:email]",
        note: { type: "input_text", text: "Reach [REDACTED:email]" },
      },
    });
  });

  it("redacts reasoning, shell, MCP and computer-use items in the input", async () => {
    await client().responses.create({
      model: "gpt-test",
      input: [
        { role: "user", content: "Go on" },
        reasoning(`The user is ${leakedEmail}`),
        {
          type: "local_shell_call_output",
          id: "lso_1",
          output: `mail: ${leakedEmail}`,
        },
        {
          type: "shell_call_output",
          call_id: "sh_1",
          output: [{ stdout: leakedEmail, stderr: "", outcome: { type: "exit", exit_code: 0 } }],
        },
        {
          type: "mcp_call",
          id: "mcp_1",
          name: "lookup",
          server_label: "crm",
          arguments: JSON.stringify({ q: leakedEmail }),
          output: `Found ${leakedEmail}`,
        },
        {
          type: "computer_call_output",
          call_id: "cc_1",
          output: { type: "computer_screenshot", image_url: "data:image/png;base64,AAAA" },
          acknowledged_safety_checks: [{ id: "sc_1", code: "pii", message: `Saw ${leakedEmail}` }],
        },
      ] as never,
    });
    expect(anthaleSaw()).toBe(true);
    expect(sent()).not.toContain(leakedEmail);
    expect(sent()).toContain("data:image/png;base64,AAAA");
    expect(shownText(bed.anthale.requests)).not.toContain("base64");
  });

  it("redacts reasoning summaries, MCP calls and code in the answer", async () => {
    reply = {
      json: response([
        reasoning(`The user's address is ${leakedEmail}`),
        {
          type: "mcp_call",
          id: "mcp_1",
          name: "lookup",
          server_label: "crm",
          arguments: JSON.stringify({ q: leakedEmail }),
          output: `Found ${leakedEmail}`,
        },
        {
          type: "code_interpreter_call",
          id: "ci_1",
          status: "completed",
          container_id: "cntr_1",
          code: `print("${leakedEmail}")`,
          outputs: [{ type: "logs", logs: leakedEmail }],
        },
      ]),
    };
    const answer = await client().responses.create({ model: "gpt-test", input: "Hi" });
    expect(anthaleSaw()).toBe(true);
    expect(JSON.stringify(answer)).not.toContain(leakedEmail);
    expect(answer.output[0]).toMatchObject({
      summary: [{ text: "The user's address is [REDACTED:email]" }],
    });
  });
});

describe("guardOpenAI: responses.create with stream: true, reasoning and whole items", () => {
  function streamed(summary: string, mcpOutput: string): ServerEvent[] {
    let sequence = 0;
    const event = (type: string, fields: Record<string, unknown>): ServerEvent => ({
      event: type,
      data: { type, sequence_number: sequence++, ...fields },
    });
    const at = { item_id: "rs_1", output_index: 0, summary_index: 0 };
    const mcp = {
      type: "mcp_call",
      id: "mcp_1",
      name: "lookup",
      server_label: "crm",
      arguments: "{}",
      output: mcpOutput,
    };
    const output = [reasoning(summary), mcp];
    return [
      event("response.created", { response: { ...response([]), status: "in_progress" } }),
      event("response.output_item.added", { output_index: 0, item: reasoning("") }),
      ...piecesOf(summary, 6).map((delta) =>
        event("response.reasoning_summary_text.delta", { ...at, delta }),
      ),
      event("response.reasoning_summary_text.done", { ...at, text: summary }),
      event("response.output_item.done", { output_index: 0, item: output[0] }),
      event("response.output_item.done", { output_index: 1, item: mcp }),
      event("response.completed", { response: response(output) }),
    ];
  }

  it("checks and redacts reasoning summary deltas, and text that only comes whole", async () => {
    reply = { events: streamed(`The user is ${leakedEmail}, noted.`, `Found ${leakedEmail}`) };
    const stream = await client().responses.create({
      model: "gpt-test",
      input: "Hi",
      stream: true,
    });
    const events: Record<string, unknown>[] = [];
    for await (const event of stream) events.push(event as never);
    expect(anthaleSaw()).toBe(true);
    expect(JSON.stringify(events)).not.toContain(leakedEmail);
    const deltas = events
      .filter((event) => event.type === "response.reasoning_summary_text.delta")
      .map((event) => event.delta)
      .join("");
    expect(deltas).toBe("The user is [REDACTED:email], noted.");
    expect(events.at(-1)).toMatchObject({
      response: { output: [{}, { output: "Found [REDACTED:email]" }] },
    });
  });
});

describe("guardOpenAI: chat.completions.create, fields beyond content", () => {
  it("redacts a legacy function_call, a predicted output and refusal parts in the input", async () => {
    reply = { json: completion({ content: "ok", refusal: null }) };
    await client().chat.completions.create({
      model: "gpt-test",
      messages: [
        { role: "user", content: "Send it" },
        {
          role: "assistant",
          content: null,
          function_call: { name: "send", arguments: JSON.stringify({ to: leakedEmail }) },
        },
        { role: "function", name: "send", content: `sent to ${leakedEmail}` },
        { role: "assistant", content: [{ type: "refusal", refusal: `Not ${leakedEmail}` }] },
      ],
      prediction: { type: "content", content: `Dear ${leakedEmail}` },
    });
    expect(anthaleSaw()).toBe(true);
    expect(sent()).not.toContain(leakedEmail);
    expect(bed.provider.requests[0]?.body.prediction).toEqual({
      type: "content",
      content: "Dear [REDACTED:email]",
    });
  });

  it("redacts a legacy function_call and an audio transcript in the answer", async () => {
    reply = {
      json: completion({
        content: null,
        refusal: null,
        function_call: { name: "send", arguments: JSON.stringify({ to: leakedEmail }) },
        audio: { id: "au_1", data: "AAAA", expires_at: 1, transcript: `Call ${leakedEmail}` },
      }),
    };
    const answer = await client().chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(anthaleSaw()).toBe(true);
    const message = answer.choices[0]?.message;
    expect(message?.function_call?.arguments).toBe('{"to":"[REDACTED:email]"}');
    expect(message?.audio?.transcript).toBe("Call [REDACTED:email]");
  });

  it("redacts streamed legacy function_call arguments split across chunks", async () => {
    const args = JSON.stringify({ to: leakedEmail });
    const chunk = (delta: Record<string, unknown>): ServerEvent => ({
      data: {
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        created: 1,
        model: "gpt-test",
        choices: [{ index: 0, delta, finish_reason: null }],
      },
    });
    reply = {
      events: [
        chunk({ role: "assistant", function_call: { name: "send", arguments: "" } }),
        ...piecesOf(args, 7).map((piece) => chunk({ function_call: { arguments: piece } })),
        { data: "[DONE]" },
      ],
    };
    const stream = await client().chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    let streamedArgs = "";
    for await (const part of stream)
      streamedArgs += part.choices[0]?.delta.function_call?.arguments ?? "";
    expect(anthaleSaw()).toBe(true);
    expect(streamedArgs).toBe('{"to":"[REDACTED:email]"}');
  });
});

describe("guardOpenAI: the legacy completions.create", () => {
  const legacy = (choices: { text: string }[]) => ({
    id: "cmpl-1",
    object: "text_completion",
    created: 1,
    model: "gpt-test",
    choices: choices.map((choice, index) => ({ index, finish_reason: "stop", ...choice })),
  });

  it("redacts the prompt and the answer", async () => {
    reply = { json: legacy([{ text: `Write to ${leakedEmail}` }]) };
    const answer = await client().completions.create({
      model: "gpt-test",
      prompt: [`Mail ${leakedEmail}`, "and more"],
      suffix: `Signed ${leakedEmail}`,
    });
    expect(sent()).not.toContain(leakedEmail);
    expect(bed.provider.requests[0]?.body.prompt).toEqual(["Mail [REDACTED:email]", "and more"]);
    expect(answer.choices[0]?.text).toBe("Write to [REDACTED:email]");
  });

  it("refuses a prompt given as token ids before anything is sent", async () => {
    await expect(
      client().completions.create({ model: "gpt-test", prompt: [1, 2, 3] }),
    ).rejects.toThrow(AnthaleValidationError);
    expect(bed.provider.requests).toHaveLength(0);
    expect(bed.anthale.requests).toHaveLength(0);
  });

  it("redacts a streamed answer", async () => {
    const text = `Write to ${leakedEmail} now`;
    reply = {
      events: [
        ...piecesOf(text, 6).map((piece) => ({ data: legacy([{ text: piece }]) })),
        { data: "[DONE]" },
      ],
    };
    const stream = await client().completions.create({
      model: "gpt-test",
      prompt: "Hi",
      stream: true,
    });
    let streamedText = "";
    for await (const chunk of stream) streamedText += chunk.choices[0]?.text ?? "";
    expect(anthaleSaw()).toBe(true);
    expect(streamedText).toBe("Write to [REDACTED:email] now");
  });
});

describe("guardOpenAI: streamed custom tool calls", () => {
  it("redacts a custom tool's input split across chunks", async () => {
    const input = `to ${leakedEmail}`;
    const chunk = (custom: Record<string, unknown>): ServerEvent => ({
      data: {
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        created: 1,
        model: "gpt-test",
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, type: "custom", custom }] } }],
      },
    });
    reply = {
      events: [
        chunk({ name: "mail", input: "" }),
        ...piecesOf(input, 5).map((piece) => chunk({ input: piece })),
        { data: "[DONE]" },
      ],
    };
    const stream = await client().chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    let streamedInput = "";
    for await (const part of stream) {
      const call = part.choices[0]?.delta.tool_calls?.[0] as { custom?: { input?: string } };
      streamedInput += call?.custom?.input ?? "";
    }
    expect(streamedInput).toBe("to [REDACTED:email]");
  });
});
