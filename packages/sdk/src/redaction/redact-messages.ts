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
  const byMessage = new Map<number, Map<number, Span[]>>();
  for (const thread of leakedSpans(evaluations)) {
    const blocks = byMessage.get(thread.messageIdentifier) ?? new Map<number, Span[]>();
    byMessage.set(thread.messageIdentifier, blocks);
    const spans = blocks.get(thread.contentIdentifier) ?? [];
    blocks.set(thread.contentIdentifier, spans);
    spans.push({ span: thread.span, category: String(thread.category) });
  }
  return messages.map((message, messageIndex) => {
    const blocks = byMessage.get(messageIndex);
    if (typeof message.content === "string") {
      return {
        role: message.role,
        content: blocks
          ? redactText(message.content, [...blocks.values()].flat())
          : message.content,
      };
    }
    const content = message.content.map((block) => ({ ...block }));
    const perBlock = new Map<number, Span[]>();
    for (const span of [...(blocks?.values() ?? [])].flat()) {
      content.forEach((block, index) => {
        if (block.text.includes(span.span))
          perBlock.set(index, [...(perBlock.get(index) ?? []), span]);
      });
    }
    for (const [index, spans] of perBlock) {
      const block = content[index];
      if (block) block.text = redactText(block.text, spans);
    }
    return { role: message.role, content };
  });
}
