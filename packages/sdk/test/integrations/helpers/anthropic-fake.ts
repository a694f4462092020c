// The Anthropic side of the tests: /v1/messages, as JSON or as SSE events.
import { piecesOf, type ReceivedRequest, type Reply, type ServerEvent } from "./fake-provider.js";
import { argumentsText, scriptedAnswer } from "./scripted-answer.js";

function lastUserText(body: Record<string, unknown>): string {
  const messages = body.messages as { role: string; content: unknown }[];
  const user = [...messages].reverse().find((message) => message.role === "user");
  if (typeof user?.content === "string") return user.content;
  return ((user?.content ?? []) as { text?: string }[]).map((block) => block.text ?? "").join(" ");
}

/** Answers Anthropic requests from the scripted answers. */
export function anthropicHandler(request: ReceivedRequest): Reply {
  const prompt = lastUserText(request.body);
  const answer = scriptedAnswer(prompt);
  const usage = { input_tokens: 1, output_tokens: 1 };
  const message = {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "claude-test",
    stop_reason: answer.toolCall ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage,
  };
  const toolUse = answer.toolCall && {
    type: "tool_use",
    id: "toolu_1",
    name: answer.toolCall.name,
    input: answer.toolCall.arguments,
  };
  if (!request.body.stream) {
    const content = [
      ...(answer.text ? [{ type: "text", text: answer.text, citations: null }] : []),
    ];
    return { json: { ...message, content: toolUse ? [...content, toolUse] : content } };
  }
  const event = (type: string, fields: Record<string, unknown>): ServerEvent => ({
    event: type,
    data: { type, ...fields },
  });
  const events: ServerEvent[] = [
    event("message_start", { message: { ...message, content: [], stop_reason: null } }),
  ];
  let index = 0;
  if (answer.text) {
    events.push(event("content_block_start", { index, content_block: { type: "text", text: "" } }));
    for (const text of piecesOf(answer.text, 5)) {
      events.push(event("content_block_delta", { index, delta: { type: "text_delta", text } }));
    }
    events.push(event("content_block_stop", { index }));
    index++;
  }
  if (answer.toolCall && toolUse) {
    events.push(event("content_block_start", { index, content_block: { ...toolUse, input: {} } }));
    for (const partial_json of piecesOf(argumentsText(answer.toolCall), 7)) {
      events.push(
        event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } }),
      );
    }
    events.push(event("content_block_stop", { index }));
  }
  events.push(
    event("message_delta", { delta: { stop_reason: message.stop_reason }, usage }),
    event("message_stop", {}),
  );
  return { events, hangOpen: prompt.includes("HANG") };
}
