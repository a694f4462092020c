// The Google Gen AI side of the tests: generateContent, and streamGenerateContent as SSE.
import { piecesOf, type ReceivedRequest, type Reply } from "./fake-provider.js";
import { scriptedAnswer } from "./scripted-answer.js";

type Content = { role?: string; parts: { text?: string }[] };

function lastUserText(body: Record<string, unknown>): string {
  const contents = body.contents as Content[];
  const user = [...contents].reverse().find((content) => content.role !== "model");
  return (user?.parts ?? []).map((part) => part.text ?? "").join(" ");
}

function response(parts: unknown[], finishReason?: string) {
  return {
    candidates: [
      { index: 0, content: { role: "model", parts }, ...(finishReason ? { finishReason } : {}) },
    ],
    usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
    modelVersion: "gemini-test",
  };
}

/** Answers Gemini API requests from the scripted answers. */
export function googleHandler(request: ReceivedRequest): Reply {
  const prompt = lastUserText(request.body);
  const answer = scriptedAnswer(prompt);
  const call = answer.toolCall && {
    functionCall: { name: answer.toolCall.name, args: answer.toolCall.arguments },
  };
  if (!request.path.includes(":streamGenerateContent")) {
    const parts = [...(answer.text ? [{ text: answer.text }] : []), ...(call ? [call] : [])];
    return { json: response(parts, "STOP") };
  }
  const events = piecesOf(answer.text, 5).map((text) => ({ data: response([{ text }]) }));
  if (call) events.push({ data: response([call]) });
  events.push({ data: response([{ text: "" }], "STOP") });
  return { events, hangOpen: prompt.includes("HANG") };
}
