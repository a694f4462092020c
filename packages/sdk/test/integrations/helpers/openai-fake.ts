// The OpenAI side of the tests: chat completions and responses, as JSON or as SSE.
import { piecesOf, type ReceivedRequest, type Reply, type ServerEvent } from "./fake-provider.js";
import { argumentsText, type ScriptedAnswer, scriptedAnswer } from "./scripted-answer.js";

function lastUserText(body: Record<string, unknown>): string {
  if (typeof body.input === "string") return body.input;
  const messages = (body.messages ?? body.input) as { role?: string; content?: unknown }[];
  const user = [...messages].reverse().find((message) => message.role === "user");
  const content = user?.content;
  if (typeof content === "string") return content;
  return (content as { text?: string }[]).map((part) => part.text ?? "").join(" ");
}

function chatReply(body: Record<string, unknown>): Reply {
  const prompt = lastUserText(body);
  const answer = scriptedAnswer(prompt);
  const base = { id: "chatcmpl-1", model: "gpt-test", created: 1 };
  const toolCalls = answer.toolCall
    ? [
        {
          id: "call_1",
          type: "function",
          function: {
            name: answer.toolCall.name,
            arguments: argumentsText(answer.toolCall),
          },
        },
      ]
    : undefined;
  if (!body.stream) {
    return {
      json: {
        ...base,
        object: "chat.completion",
        choices: [
          {
            index: 0,
            finish_reason: toolCalls ? "tool_calls" : "stop",
            message: {
              role: "assistant",
              content: answer.text || null,
              refusal: null,
              tool_calls: toolCalls,
            },
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      },
    };
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): ServerEvent => ({
    data: {
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finish }],
    },
  });
  const events: ServerEvent[] = [chunk({ role: "assistant", content: "" })];
  for (const piece of piecesOf(answer.text, 5)) events.push(chunk({ content: piece }));
  if (answer.toolCall) {
    const args = argumentsText(answer.toolCall);
    events.push(
      chunk({
        tool_calls: [
          {
            index: 0,
            id: "call_1",
            type: "function",
            function: { name: answer.toolCall.name, arguments: "" },
          },
        ],
      }),
    );
    for (const piece of piecesOf(args, 7)) {
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    }
  }
  events.push(chunk({}, answer.toolCall ? "tool_calls" : "stop"), { data: "[DONE]" });
  return { events, hangOpen: prompt.includes("HANG") };
}

/** The `function_call` output item of an answer's tool call (its arguments as the model wrote them). */
function functionCallItem(toolCall: NonNullable<ScriptedAnswer["toolCall"]>, status: string) {
  return {
    type: "function_call",
    id: "fc_1",
    call_id: "call_1",
    name: toolCall.name,
    arguments: status === "completed" ? argumentsText(toolCall) : "",
    status,
  };
}

function responseObject(text: string, status = "completed", toolCall?: ScriptedAnswer["toolCall"]) {
  return {
    id: "resp_1",
    object: "response",
    created_at: 1,
    status,
    model: "gpt-test",
    output: [
      ...(text
        ? [
            {
              type: "message",
              id: "msg_1",
              status: "completed",
              role: "assistant",
              content: [{ type: "output_text", text, annotations: [] }],
            },
          ]
        : []),
      ...(toolCall && status === "completed" ? [functionCallItem(toolCall, status)] : []),
    ],
    parallel_tool_calls: true,
    tool_choice: "auto",
    tools: [],
  };
}

function responsesReply(body: Record<string, unknown>): Reply {
  const answer = scriptedAnswer(lastUserText(body));
  if (!body.stream) return { json: responseObject(answer.text, "completed", answer.toolCall) };
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>): ServerEvent => ({
    event: type,
    data: { type, sequence_number: sequence++, ...fields },
  });
  const item = {
    type: "message",
    id: "msg_1",
    status: "in_progress",
    role: "assistant",
    content: [],
  };
  const part = { type: "output_text", text: "", annotations: [] };
  const at = { item_id: "msg_1", output_index: 0, content_index: 0 };
  const events: ServerEvent[] = [
    event("response.created", { response: responseObject("", "in_progress") }),
    event("response.output_item.added", { output_index: 0, item }),
    event("response.content_part.added", { ...at, part }),
    ...piecesOf(answer.text, 5).map((delta) =>
      event("response.output_text.delta", { ...at, delta, logprobs: [] }),
    ),
    event("response.output_text.done", { ...at, text: answer.text, logprobs: [] }),
    event("response.content_part.done", { ...at, part: { ...part, text: answer.text } }),
    event("response.output_item.done", {
      output_index: 0,
      item: { ...item, status: "completed", content: [{ ...part, text: answer.text }] },
    }),
  ];
  if (answer.toolCall) {
    const args = argumentsText(answer.toolCall);
    const callAt = { item_id: "fc_1", output_index: 1 };
    events.push(
      event("response.output_item.added", {
        output_index: 1,
        item: functionCallItem(answer.toolCall, "in_progress"),
      }),
      ...piecesOf(args, 7).map((delta) =>
        event("response.function_call_arguments.delta", { ...callAt, delta }),
      ),
      event("response.function_call_arguments.done", { ...callAt, arguments: args }),
      event("response.output_item.done", {
        output_index: 1,
        item: functionCallItem(answer.toolCall, "completed"),
      }),
    );
  }
  events.push(
    event("response.completed", {
      response: responseObject(answer.text, "completed", answer.toolCall),
    }),
  );
  return { events };
}

/** Answers OpenAI requests from the scripted answers. */
export function openaiHandler(request: ReceivedRequest): Reply {
  if (request.path.endsWith("/chat/completions")) return chatReply(request.body);
  if (request.path.endsWith("/responses")) return responsesReply(request.body);
  return { json: { error: { message: "not found" } }, status: 404 };
}
