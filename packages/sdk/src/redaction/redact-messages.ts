import type { DataLeakageThread, PolicyEnforcementResult } from "@anthale/client";
import type { Message } from "../core/types.js";
import { redactText, type Span } from "./redact-text.js";

type Evaluation = NonNullable<PolicyEnforcementResult["evaluations"]>[number];

/** The data-leakage threads of a result's evaluations. */
export function leakedSpans(evaluations: readonly Evaluation[] | undefined): DataLeakageThread[] {
  const threads: DataLeakageThread[] = [];
  for (const evaluation of Array.isArray(evaluations) ? evaluations : []) {
    if (
      evaluation?.guardrailKey !== "data-leakage-prevention" ||
      !Array.isArray(evaluation.threads)
    )
      continue;
    for (const thread of evaluation.threads) {
      if (typeof thread?.span === "string" && Number.isInteger(thread.messageIdentifier))
        threads.push(thread);
    }
  }
  return threads;
}

/**
 * Returns a copy of `messages` where every data-leakage thread's `span` is replaced by
 * `[REDACTED:<category>]` in the message `messageIdentifier` points to: everywhere in its string
 * content, or in every content block that holds it when the content is an array of blocks (the
 * block `contentIdentifier` names and any other), so a leak repeated in another block, or pointed
 * at with an index off by one, is never left in place. Other messages are returned unchanged. The
 * input is never modified.
 */
export function redactMessages(
  messages: readonly Message[],
  evaluations: readonly Evaluation[] | undefined,
): Message[] {
  const byMessage = new Map<number, Span[]>();
  for (const { messageIdentifier, span, category } of leakedSpans(evaluations)) {
    const spans = byMessage.get(messageIdentifier) ?? [];
    byMessage.set(messageIdentifier, spans);
    spans.push({ span, category: String(category) });
  }
  // A span that does not occur in a text leaves it as it is, so every block of the message is
  // redacted with every span of the message.
  return messages.map(({ role, content }, index) => {
    const spans = byMessage.get(index) ?? [];
    return {
      role,
      content:
        typeof content === "string"
          ? redactText(content, spans)
          : content.map((block) => ({ ...block, text: redactText(block.text, spans) })),
    };
  });
}
