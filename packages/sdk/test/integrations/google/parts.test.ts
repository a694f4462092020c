// Every Part that carries text is checked and redacted, beyond text and function calls: code the
// model runs and its output, in both directions, streamed or not, and audio transcriptions.
import { GoogleGenAI, Language, Outcome, type Part } from "@google/genai";
import { beforeEach, describe, expect, it } from "vitest";
import { guardGoogleGenAI } from "../../../src/integrations/google/index.js";
import { shownText } from "../helpers/fake-anthale.js";
import type { Reply } from "../helpers/fake-provider.js";
import { leakedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

// What the provider answers the next request with; set by each test.
let reply: Reply;
const bed = useTestbed(() => reply);

const client = () =>
  guardGoogleGenAI(
    new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: bed.provider.url } }),
    bed.guardOptions(),
  );

const model = "gemini-test";

/** Whether the fake Anthale was shown the leaked address. */
const anthaleSaw = () => shownText(bed.anthale.requests).includes(leakedEmail);

function response(parts: unknown[]) {
  return {
    candidates: [{ index: 0, content: { role: "model", parts }, finishReason: "STOP" }],
    modelVersion: "gemini-test",
  };
}

const codeParts: Part[] = [
  { executableCode: { language: Language.PYTHON, code: `print("${leakedEmail}")` } },
  { codeExecutionResult: { outcome: Outcome.OUTCOME_OK, output: `${leakedEmail}\n` } },
  { text: "Done." },
];

beforeEach(() => {
  reply = { json: response([{ text: "ok" }]) };
});

describe("guardGoogleGenAI: code execution parts", () => {
  it("redacts executable code and its result in the contents sent", async () => {
    await client().models.generateContent({
      model,
      contents: [
        { role: "user", parts: [{ text: "Run it" }] },
        { role: "model", parts: codeParts },
        { role: "user", parts: [{ text: "And now?" }] },
      ],
    });
    expect(anthaleSaw()).toBe(true);
    const sent = bed.provider.requests[0]?.raw ?? "";
    expect(sent).not.toContain(leakedEmail);
    expect(sent).toContain('print(\\"[REDACTED:email]\\")');
  });

  it("redacts executable code and its result in the answer", async () => {
    reply = { json: response(codeParts) };
    const answer = await client().models.generateContent({ model, contents: "Run it" });
    expect(anthaleSaw()).toBe(true);
    expect(answer.executableCode).toBe('print("[REDACTED:email]")');
    expect(answer.codeExecutionResult).toBe("[REDACTED:email]\n");
  });

  it("redacts them in a stream", async () => {
    reply = { events: codeParts.map((part) => ({ data: response([part]) })) };
    const stream = await client().models.generateContentStream({ model, contents: "Run it" });
    const chunks: string[] = [];
    for await (const chunk of stream) chunks.push(JSON.stringify(chunk));
    expect(anthaleSaw()).toBe(true);
    expect(chunks.join("\n")).not.toContain(leakedEmail);
    expect(chunks.join("\n")).toContain("[REDACTED:email]");
  });

  it("redacts an audio transcription in the answer", async () => {
    reply = { json: response([{ audioTranscription: { text: `Call ${leakedEmail}` } }]) };
    const answer = await client().models.generateContent({ model, contents: "Say it" });
    expect(anthaleSaw()).toBe(true);
    expect(answer.candidates?.[0]?.content?.parts?.[0]).toEqual({
      audioTranscription: { text: "Call [REDACTED:email]" },
    });
  });
});
