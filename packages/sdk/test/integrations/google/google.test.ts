import { GoogleGenAI } from "@google/genai";
import { describe, expect, it } from "vitest";
import { AnthalePolicyViolationError } from "../../../src/index.js";
import { guardGoogleGenAI } from "../../../src/integrations/google/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { policyId } from "../helpers/fake-anthale.js";
import { googleHandler } from "../helpers/google-fake.js";
import { leakedEmail } from "../helpers/scripted-answer.js";
import { useTestbed } from "../helpers/testbed.js";

const bed = useTestbed(googleHandler);

/** A client of the fake provider, not guarded. */
const unguarded = () =>
  new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: bed.provider.url } });

function client(options: Partial<GuardOptions> = {}) {
  return guardGoogleGenAI(unguarded(), bed.guardOptions(options));
}

const model = "gemini-test";

describe("guardGoogleGenAI: generateContent", () => {
  it("allows, returns the same instance, guards once, keeps the response class", async () => {
    const ai = unguarded();
    expect(guardGoogleGenAI(ai, { policyId, client: bed.anthale.client })).toBe(ai);
    guardGoogleGenAI(ai, { policyId, client: bed.anthale.client });
    const response = await ai.models.generateContent({
      model,
      contents: "Hello",
      config: { systemInstruction: "Be terse." },
    });
    expect(response.text).toBe("echo: Hello");
    expect(bed.anthale.requests).toHaveLength(2);
    expect(bed.anthale.requests[1]?.messages).toEqual([
      { role: "system", content: "Be terse." },
      { role: "user", content: "Hello" },
      { role: "assistant", content: "echo: Hello" },
    ]);
  });

  it("redacts every shape of contents and the system instruction", async () => {
    const shapes = [
      `Mail ${leakedEmail}`,
      { text: `Mail ${leakedEmail}` },
      [{ text: "Hi" }, { text: `Mail ${leakedEmail}` }],
      { role: "user", parts: [{ text: `Mail ${leakedEmail}` }] },
      [
        { role: "user", parts: [{ text: "Find me" }] },
        { role: "model", parts: [{ functionCall: { name: "find", args: { q: leakedEmail } } }] },
        {
          role: "user",
          parts: [{ functionResponse: { name: "find", response: { hit: leakedEmail } } }],
        },
        { role: "user", parts: [{ text: `Mail ${leakedEmail}` }] },
      ],
    ];
    for (const contents of shapes) {
      await client().models.generateContent({
        model,
        contents,
        config: { systemInstruction: { parts: [{ text: `For ${leakedEmail}` }] } },
      });
    }
    expect(bed.provider.requests).toHaveLength(shapes.length);
    for (const request of bed.provider.requests) {
      expect(request.raw).not.toContain(leakedEmail);
      expect(request.raw).toContain("Mail [REDACTED:email]");
      expect(request.raw).toContain("For [REDACTED:email]");
    }
  });

  it("redacts the output: text and function-call arguments", async () => {
    const text = await client().models.generateContent({ model, contents: "ANSWER_EMAIL" });
    expect(text.text).toBe("Sure, write to [REDACTED:email] today.");
    const call = await client().models.generateContent({ model, contents: "ANSWER_TOOL" });
    expect(call.functionCalls?.[0]?.args).toEqual({ to: "[REDACTED:email]", subject: "hello" });
  });
});

describe("guardGoogleGenAI: generateContentStream", () => {
  it("blocks the input before streaming, and redacts streamed function calls", async () => {
    await expect(
      client().models.generateContentStream({ model, contents: "BLOCKME" }),
    ).rejects.toThrow(AnthalePolicyViolationError);
    expect(bed.provider.requests).toHaveLength(0);
    const stream = await client().models.generateContentStream({ model, contents: "ANSWER_TOOL" });
    const calls: unknown[] = [];
    for await (const chunk of stream) calls.push(...(chunk.functionCalls ?? []));
    expect(calls).toEqual([
      { name: "send_email", args: { to: "[REDACTED:email]", subject: "hello" } },
    ]);
  });
});
