// AI SDK side of the tests: a MockLanguageModelV3 that answers from the scripted answers, records its
// calls, and reports whether a stream was cancelled.
import type {
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import { piecesOf } from "./fake-provider.js";
import { argumentsText, scriptedAnswer } from "./scripted-answer.js";

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};

function lastUserText(options: LanguageModelV3CallOptions): string {
  const user = [...options.prompt].reverse().find((message) => message.role === "user");
  if (!user || typeof user.content === "string") return "";
  return user.content.map((part) => (part.type === "text" ? part.text : "")).join(" ");
}

export interface FakeModel {
  model: MockLanguageModelV3;
  /** Prompts of every call, serialized. */
  calls: string[];
  /** Streams the guard cancelled. */
  cancelled: number;
  /** Signals of every call. */
  signals: (AbortSignal | undefined)[];
}

export function fakeModel(): FakeModel {
  const fake: FakeModel = { calls: [], cancelled: 0, signals: [] } as unknown as FakeModel;
  const record = (options: LanguageModelV3CallOptions) => {
    fake.calls.push(JSON.stringify(options.prompt));
    fake.signals.push(options.abortSignal);
    return scriptedAnswer(lastUserText(options));
  };
  fake.model = new MockLanguageModelV3({
    doGenerate: async (options): Promise<LanguageModelV3GenerateResult> => {
      const answer = record(options);
      const content: LanguageModelV3GenerateResult["content"] = [];
      if (answer.text) content.push({ type: "text", text: answer.text });
      if (answer.toolCall) {
        content.push({
          type: "tool-call",
          toolCallId: "call-1",
          toolName: answer.toolCall.name,
          input: argumentsText(answer.toolCall),
        });
      }
      const finishReason = {
        unified: answer.toolCall ? "tool-calls" : "stop",
        raw: undefined,
      } as const;
      return { content, finishReason, usage, warnings: [] };
    },
    doStream: async (options) => {
      const prompt = lastUserText(options);
      const answer = record(options);
      const parts: LanguageModelV3StreamPart[] = [{ type: "stream-start", warnings: [] }];
      if (answer.text) {
        parts.push({ type: "text-start", id: "t1" });
        for (const delta of piecesOf(answer.text, 5))
          parts.push({ type: "text-delta", id: "t1", delta });
        parts.push({ type: "text-end", id: "t1" });
      }
      if (answer.toolCall) {
        const input = argumentsText(answer.toolCall);
        const toolName = answer.toolCall.name;
        parts.push({ type: "tool-input-start", id: "call-1", toolName });
        for (const delta of piecesOf(input, 7))
          parts.push({ type: "tool-input-delta", id: "call-1", delta });
        parts.push({ type: "tool-input-end", id: "call-1" });
        parts.push({ type: "tool-call", toolCallId: "call-1", toolName, input });
      }
      const finishReason = {
        unified: answer.toolCall ? "tool-calls" : "stop",
        raw: undefined,
      } as const;
      parts.push({ type: "finish", finishReason, usage });
      const hang = prompt.includes("HANG");
      let index = 0;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async pull(controller) {
          const part = parts[index++];
          if (part && (!hang || part.type !== "finish")) controller.enqueue(part);
          else if (!hang) controller.close();
          else await new Promise(() => {});
        },
        cancel() {
          fake.cancelled++;
        },
      });
      return { stream };
    },
  });
  return fake;
}
