import { describe, expect, it } from "vitest";
import type { Message } from "../base/types.js";
import { replyOf } from "./answer.js";
import type { RecordedRequest } from "./recorded-request.js";
import { allow, block, detect, redact } from "./results.js";
import { TestAnthaleError } from "./test-anthale-error.js";

const enforcerIdentifier = "8d7f3c2a-5b1e-4f6d-9a0c-3e2b1d4c5f6a";

function requestOf(messages: Message[], includeEvaluations = true): RecordedRequest {
  return {
    policyId: "p",
    direction: "input",
    messages,
    includeEvaluations,
    headers: {},
    text: "",
    requestId: "r",
  };
}

const conversation: Message[] = [
  { role: "system", content: "You are terse." },
  {
    role: "user",
    content: [
      { type: "text", text: "Call me at +1 555 0100." },
      { type: "text", text: "Or mail a@b.io, or a@b.io again." },
    ],
  },
];

async function bodyOf(answer: ReturnType<typeof allow>, request = requestOf(conversation)) {
  const reply = await replyOf(answer, { request, signal: undefined, enforcerIdentifier });
  if (reply.kind !== "response") throw new Error("expected a response");
  expect(reply.status).toBe(200);
  return reply.body as Record<string, unknown>;
}

describe("redact", () => {
  it("flags every occurrence of every span with its message and content indexes", async () => {
    const body = await bodyOf(
      redact(
        { span: "a@b.io", category: "email" },
        { span: "+1 555 0100", category: "phone", score: 0.5 },
      ),
    );
    expect(body).toEqual({
      enforcerIdentifier,
      action: "redact",
      evaluations: [
        {
          guardrailKey: "data-leakage-prevention",
          action: "redact",
          score: 0.97,
          threads: [
            {
              category: "email",
              score: 0.97,
              span: "a@b.io",
              messageIdentifier: 1,
              contentIdentifier: 1,
            },
            {
              category: "email",
              score: 0.97,
              span: "a@b.io",
              messageIdentifier: 1,
              contentIdentifier: 1,
            },
            {
              category: "phone",
              score: 0.5,
              span: "+1 555 0100",
              messageIdentifier: 1,
              contentIdentifier: 0,
            },
          ],
        },
      ],
    });
  });

  it("refuses a span absent from the request, naming it by place and category, never by text", async () => {
    const answer = redact(
      { span: "a@b.io", category: "email" },
      { span: "secret-XYZ", category: "api_key" },
    );
    const error = await bodyOf(answer).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TestAnthaleError);
    expect((error as Error).message).toMatch(
      /span 2 of 2 \(api_key, 10 characters\) occurs nowhere/,
    );
    expect((error as Error).message).not.toContain("secret-XYZ");
  });

  it("refuses bad spans at once, when it is built", () => {
    expect(() => redact()).toThrow(TestAnthaleError);
    expect(() => redact({ span: "", category: "email" })).toThrow(/non-empty/);
    expect(() => redact({ span: "x", category: "e-mail" as "email" })).toThrow(
      /category must be one of/,
    );
    expect(() => redact({ span: "x", category: "email", score: 2 })).toThrow(/score/);
  });

  it("leaves evaluations out when the request did not ask for them, as the API does", async () => {
    const body = await bodyOf(
      redact({ span: "a@b.io", category: "email" }),
      requestOf(conversation, false),
    );
    expect(body).toEqual({ enforcerIdentifier, action: "redact" });
  });
});

describe("detect and block", () => {
  it("point at the last content block of the last message by default, or at the message asked", async () => {
    expect(await bodyOf(block({ guardrail: "prompt-injection-protection" }))).toEqual({
      enforcerIdentifier,
      action: "block",
      evaluations: [
        {
          guardrailKey: "prompt-injection-protection",
          action: "block",
          score: 0.98,
          threads: [{ score: 0.98, messageIdentifier: 1, contentIdentifier: 1 }],
        },
      ],
    });
    const topic = await bodyOf(
      detect({ guardrail: "topic-control", topic: "Politics", message: 0, score: 0.6 }),
    );
    expect(topic.evaluations).toEqual([
      {
        guardrailKey: "topic-control",
        action: "detect",
        score: 0.6,
        threads: [{ topic: "Politics", score: 0.6, messageIdentifier: 0, contentIdentifier: 0 }],
      },
    ]);
    const moderation = await bodyOf(block({ guardrail: "content-moderation", category: "hate" }));
    expect(moderation.evaluations).toMatchObject([{ threads: [{ category: "hate" }] }]);
    const leak = await bodyOf(
      detect({ guardrail: "data-leakage-prevention", span: "a@b.io", category: "email" }),
    );
    expect(leak.evaluations).toMatchObject([
      { action: "detect", threads: [{ span: "a@b.io" }, { span: "a@b.io" }] },
    ]);
  });

  it("refuse an unknown guardrail at once, and a message index outside the request when answering", async () => {
    expect(() => block({ guardrail: "jailbreak" } as never)).toThrow(/guardrail must be one of/);
    expect(() => detect({ guardrail: "content-moderation", category: "spam" as "hate" })).toThrow(
      /category/,
    );
    await expect(
      bodyOf(block({ guardrail: "prompt-injection-protection", message: 2 })),
    ).rejects.toThrow(/message must be the index of a message of the request \(0 to 1\)/);
  });

  it("allow answers no evaluation flagging anything", async () => {
    expect(await bodyOf(allow())).toEqual({ enforcerIdentifier, action: "allow", evaluations: [] });
  });
});
