// Finding the spans a `redact` (or a data-leakage `detect`/`block`) flags in the request it
// answers: every occurrence, with the index of its message and of its content block, so the
// answer points exactly where the guardrail would have.
import type { Message } from "../base/types.js";
import { textsOf } from "./recorded-request.js";
import { TestAnthaleError } from "./test-anthale-error.js";

/** One occurrence of a span: the message and the content block it was found in. */
export interface SpanPlace {
  /** Index of the message in the request. */
  readonly messageIdentifier: number;
  /** Index of the content block in that message (0 for a string content). */
  readonly contentIdentifier: number;
}

/** How many times `span` (not empty) occurs in `text`, occurrences not overlapping. */
function occurrences(text: string, span: string): number {
  let count = 0;
  for (let at = text.indexOf(span); at !== -1; at = text.indexOf(span, at + span.length)) count++;
  return count;
}

/**
 * Every occurrence of `span` in `messages`, in order: one place per occurrence, so a span written
 * twice in one block is flagged twice. Throws {@link TestAnthaleError} when it occurs nowhere;
 * `label` names the span in that message (never the span itself, which may be a secret).
 */
export function locateSpan(messages: readonly Message[], span: string, label: string): SpanPlace[] {
  const places: SpanPlace[] = [];
  messages.forEach((message, messageIdentifier) => {
    textsOf(message).forEach((text, contentIdentifier) => {
      for (let n = occurrences(text, span); n > 0; n--) {
        places.push({ messageIdentifier, contentIdentifier });
      }
    });
  });
  if (places.length === 0) {
    throw new TestAnthaleError(
      `${label} occurs nowhere in the request's messages (checked ${messages.length}); flag text the request holds, exactly as sent.`,
    );
  }
  return places;
}
