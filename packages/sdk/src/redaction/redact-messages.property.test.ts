// Properties of redactMessages over generated conversations and data-leakage threads: flagged
// spans leave the flagged message entirely, other messages stay byte-identical, a second pass
// changes nothing, and junk evaluations never make it throw.
import type { PolicyEnforcementResult } from "@anthale/client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Message } from "../core/types.js";
import { redactMessages } from "./redact-messages.js";

type Evaluations = NonNullable<PolicyEnforcementResult["evaluations"]>;
type Thread = {
  messageIdentifier: number;
  contentIdentifier: number;
  span: string;
  category: string;
};

const placeholderPattern = /\[REDACTED:[^\]\s]*\]/g;
const units = ["a", "b", "ab", " ", ..."\\^$.|?*+()[]{}", "é", "👋", "你好", "\n"];
const text = fc.array(fc.constantFrom(...units), { maxLength: 16 }).map((parts) => parts.join(""));
const role = fc.constantFrom("system", "user", "assistant", "tool") as fc.Arbitrary<
  Message["role"]
>;
const blockType = fc.constantFrom("text", "document", "image", "audio", "video") as fc.Arbitrary<
  "text" | "document" | "image" | "audio" | "video"
>;
const message: fc.Arbitrary<Message> = fc.record({
  role,
  content: fc.oneof(
    text,
    fc.array(fc.record({ type: blockType, text }), { minLength: 1, maxLength: 4 }),
  ),
});

function textsOf(message: Message | undefined): string[] {
  if (message === undefined) return [];
  return typeof message.content === "string"
    ? [message.content]
    : message.content.map((block) => block.text);
}

/** Threads pointing at real messages and blocks (or just past them), with spans cut from them. */
function threadsFor(messages: Message[]): fc.Arbitrary<Thread[]> {
  const thread = fc
    .record({
      messageIdentifier: fc.nat({ max: messages.length }),
      contentIdentifier: fc.nat({ max: 4 }),
      start: fc.nat({ max: 16 }),
      length: fc.integer({ min: 0, max: 6 }),
      category: fc.constantFrom("email", "phone", "credit_card", "other"),
      madeUp: fc.option(text, { freq: 4 }),
    })
    .map(({ messageIdentifier, contentIdentifier, start, length, category, madeUp }) => {
      const texts = textsOf(messages[messageIdentifier]);
      const source = texts[contentIdentifier] ?? texts[0] ?? "";
      const span = madeUp ?? source.slice(start, start + length);
      return { messageIdentifier, contentIdentifier, span, category };
    });
  return fc.array(thread, { maxLength: 6 });
}

const conversation = fc
  .array(message, { minLength: 1, maxLength: 5 })
  .chain((messages) => fc.tuple(fc.constant(messages), threadsFor(messages)));

function evaluationsOf(threads: Thread[]): Evaluations {
  return [
    { guardrailKey: "prompt-injection-protection", action: "allow", score: 0.1 },
    {
      guardrailKey: "data-leakage-prevention",
      action: "redact",
      score: 0.9,
      threads: threads.map((thread) => ({ ...thread, score: 0.9 })),
    },
  ] as Evaluations;
}

describe("redactMessages properties", () => {
  it("removes every occurrence of every flagged span from the flagged message", () => {
    fc.assert(
      fc.property(conversation, ([messages, threads]) => {
        const redacted = redactMessages(messages, evaluationsOf(threads));
        for (const { messageIdentifier, span } of threads) {
          if (span.length === 0) continue;
          for (const piece of textsOf(redacted[messageIdentifier])) {
            for (const outside of piece.split(placeholderPattern))
              expect(outside).not.toContain(span);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("leaves messages without a flagged span byte-identical, and never changes its input", () => {
    fc.assert(
      fc.property(conversation, ([messages, threads]) => {
        const before = JSON.stringify(messages);
        const redacted = redactMessages(messages, evaluationsOf(threads));
        expect(JSON.stringify(messages)).toBe(before);
        expect(redacted).toHaveLength(messages.length);
        messages.forEach((original, index) => {
          const flagged = threads.some(
            (thread) =>
              thread.messageIdentifier === index &&
              thread.span.length > 0 &&
              textsOf(original).some((piece) => piece.includes(thread.span)),
          );
          if (!flagged) expect(JSON.stringify(redacted[index])).toBe(JSON.stringify(original));
          else expect(redacted[index]?.role).toBe(original.role);
        });
      }),
      { numRuns: 1_000 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(conversation, ([messages, threads]) => {
        const once = redactMessages(messages, evaluationsOf(threads));
        expect(redactMessages(once, evaluationsOf(threads))).toEqual(once);
      }),
      { numRuns: 1_000 },
    );
  });

  it("never throws on evaluations of any JSON shape", () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 3 }), fc.jsonValue(), (messages, evaluations) => {
        const redacted = redactMessages(messages, evaluations as unknown as Evaluations);
        expect(redacted).toHaveLength(messages.length);
      }),
      { numRuns: 500 },
    );
  });
});
