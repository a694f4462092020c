import { GoogleGenAI } from "@google/genai";
import { describe, expect, it } from "vitest";
import { AnthalePolicyViolationError, InternalServerError } from "../../../src/index.js";
import { guardGoogleGenAI } from "../../../src/integrations/google/index.js";
import type { GuardOptions } from "../../../src/integrations/shared/index.js";
import { callMarkers, policyId } from "../helpers/fake-anthale.js";
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

async function streamedText(stream: AsyncIterable<{ text?: string | undefined }>) {
  let text = "";
  for await (const chunk of stream) text += chunk.text ?? "";
  return text;
}

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

  it("reports detect decisions", async () => {
    await client().models.generateContent({ model, contents: "politics" });
    expect(
      bed.decisions.map(
        (decision) => `${decision.direction}:${decision.action}:${decision.provider}`,
      ),
    ).toEqual(["input:detect:google", "output:detect:google"]);
  });

  it("blocks the input before the provider, and the output after", async () => {
    await expect(client().models.generateContent({ model, contents: "BLOCKME" })).rejects.toThrow(
      AnthalePolicyViolationError,
    );
    expect(bed.provider.requests).toHaveLength(0);
    const error = await client()
      .models.generateContent({ model, contents: "ANSWER_BLOCK" })
      .catch((e) => e);
    expect(error.direction).toBe("output");
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

  it("stops an input redaction it cannot apply before the provider", async () => {
    for (const generate of ["generateContent", "generateContentStream"] as const) {
      const error = await client()
        .models[generate]({ model, contents: `REDACT_NOSPAN ${leakedEmail}` })
        .catch((e) => e);
      expect(error).toBeInstanceOf(AnthalePolicyViolationError);
      expect(error.reason).toBe("incomplete-redaction");
    }
    expect(bed.provider.requests).toHaveLength(0);
  });

  it("propagates an Anthale outage without calling the provider", async () => {
    bed.anthale.failWith = 500;
    await expect(client().models.generateContent({ model, contents: "Hi" })).rejects.toThrow(
      InternalServerError,
    );
    expect(bed.provider.requests).toHaveLength(0);
  });

  it("with parallelInput, aborts on block and answers from the redacted re-send", async () => {
    await expect(
      client({ parallelInput: true }).models.generateContent({ model, contents: "BLOCKME" }),
    ).rejects.toThrow(AnthalePolicyViolationError);
    const response = await client({ parallelInput: true }).models.generateContent({
      model,
      contents: `Mail ${leakedEmail}`,
    });
    expect(response.text).toBe("echo: Mail [REDACTED:email]");
  });

  it("keeps 100 concurrent calls apart", async () => {
    const ai = client();
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        ai.models.generateContent({ model, contents: `call-${index}` }),
      ),
    );
    responses.forEach((response, index) => {
      expect(response.text).toBe(`echo: call-${index}`);
    });
    for (const request of bed.anthale.requests) {
      expect(callMarkers(request).size).toBe(1);
    }
  });
});

describe("guardGoogleGenAI: generateContentStream", () => {
  for (const mode of ["buffer", "window"] as const) {
    it(`${mode}: redacts a span split across chunks`, async () => {
      const stream = await client({ stream: mode, windowSize: 8 }).models.generateContentStream({
        model,
        contents: "ANSWER_EMAIL",
      });
      expect(await streamedText(stream)).toBe("Sure, write to [REDACTED:email] today.");
    });
  }

  it("window: an output redaction it cannot apply stops the stream", async () => {
    const stream = await client({ stream: "window", windowSize: 8 }).models.generateContentStream({
      model,
      contents: "ANSWER_UNREDACTABLE HANG",
    });
    const error = await streamedText(stream).catch((e) => e);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.reason).toBe("incomplete-redaction");
    await expect.poll(() => bed.provider.cancelledStreams).toBe(1);
  });

  it("passthrough: raw text, then a rejection at the end on block", async () => {
    const raw = await client({ stream: "passthrough" }).models.generateContentStream({
      model,
      contents: "ANSWER_EMAIL",
    });
    expect(await streamedText(raw)).toContain(leakedEmail);
    const blocked = await client({ stream: "passthrough" }).models.generateContentStream({
      model,
      contents: "ANSWER_BLOCK",
    });
    await expect(streamedText(blocked)).rejects.toThrow(AnthalePolicyViolationError);
  });

  it("window: a block mid-stream cancels the provider stream", async () => {
    const stream = await client({ stream: "window", windowSize: 8 }).models.generateContentStream({
      model,
      contents: "ANSWER_BLOCK HANG",
    });
    await expect(streamedText(stream)).rejects.toThrow(AnthalePolicyViolationError);
    await expect.poll(() => bed.provider.cancelledStreams).toBe(1);
  });

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
