import type { DataLeakageEvaluation, PolicyEnforcementResult } from "@anthale/client";
import { describe, expect, it } from "vitest";
import type { Message } from "../core/types.js";
import { leakedSpans, redactMessages } from "./redact-messages.js";

type Thread = DataLeakageEvaluation["threads"] extends (infer T)[] | undefined ? T : never;

function leak(threads: Partial<Thread>[]): NonNullable<PolicyEnforcementResult["evaluations"]> {
  return [
    {
      guardrailKey: "data-leakage-prevention",
      action: "redact",
      score: 0.9,
      threads: threads.map((thread) => ({
        category: "email",
        score: 0.9,
        span: "",
        messageIdentifier: 0,
        contentIdentifier: 0,
        ...thread,
      })),
    },
  ];
}

const messages: Message[] = [
  { role: "system", content: "Contact jane@x.io for help." },
  {
    role: "user",
    content: [
      { type: "text", text: "I am jane@x.io" },
      { type: "text", text: "call me at 555-0100, jane@x.io" },
    ],
  },
];

describe("redactMessages", () => {
  it("redacts a string message", () => {
    const result = redactMessages(messages, leak([{ span: "jane@x.io", messageIdentifier: 0 }]));
    expect(result[0]).toEqual({ role: "system", content: "Contact [REDACTED:email] for help." });
    expect(result[1]).toEqual(messages[1]);
  });

  it("redacts only the content block the thread points to", () => {
    const result = redactMessages(
      messages,
      leak([{ span: "555-0100", category: "phone", messageIdentifier: 1, contentIdentifier: 1 }]),
    );
    expect(result[1]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "I am jane@x.io" },
        { type: "text", text: "call me at [REDACTED:phone], jane@x.io" },
      ],
    });
    expect(result[0]).toEqual(messages[0]);
  });

  it("searches the message's other blocks when the pointed block lacks the span", () => {
    const result = redactMessages(
      messages,
      leak([{ span: "I am", category: "other", messageIdentifier: 1, contentIdentifier: 1 }]),
    );
    expect((result[1]!.content as { text: string }[])[0]?.text).toBe("[REDACTED:other] jane@x.io");
  });

  it("applies several threads to one block together", () => {
    const result = redactMessages(
      messages,
      leak([
        { span: "555-0100", category: "phone", messageIdentifier: 1, contentIdentifier: 1 },
        { span: "jane@x.io", messageIdentifier: 1, contentIdentifier: 1 },
      ]),
    );
    expect((result[1]!.content as { text: string }[])[1]?.text).toBe(
      "call me at [REDACTED:phone], [REDACTED:email]",
    );
  });

  it("never changes its input", () => {
    const before = structuredClone(messages);
    redactMessages(
      messages,
      leak([{ span: "jane@x.io", messageIdentifier: 1, contentIdentifier: 0 }]),
    );
    expect(messages).toEqual(before);
  });

  it("ignores other guardrails, threads pointing nowhere, and missing evaluations", () => {
    const evaluations: NonNullable<PolicyEnforcementResult["evaluations"]> = [
      { guardrailKey: "prompt-injection-protection", action: "block", score: 1, threads: [] },
      ...leak([{ span: "jane@x.io", messageIdentifier: 9, contentIdentifier: 0 }]),
    ];
    expect(redactMessages(messages, evaluations)).toEqual(messages);
    expect(redactMessages(messages, undefined)).toEqual(messages);
  });
});

describe("leakedSpans", () => {
  it("collects data-leakage threads only", () => {
    expect(leakedSpans(leak([{ span: "a" }, { span: "b" }])).map((thread) => thread.span)).toEqual([
      "a",
      "b",
    ]);
    expect(leakedSpans([{ guardrailKey: "topic-control", action: "detect", score: 1 }])).toEqual(
      [],
    );
  });
});
