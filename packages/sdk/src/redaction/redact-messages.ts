// Redacting a conversation on a `redact` result: every flagged span hidden in every message and
// block, with a report of whether the redaction is complete and, when not, why.
import type { DataLeakageThread, PolicyEnforcementResult } from "@anthale/client";
import type { Message, RedactionProblem, RedactionReport } from "../base/types.js";
import { applyRedactions, type Span, SpanMatcher, type TextRange } from "./redact-text.js";
import { serverStretchesFor } from "./server-messages.js";

type Evaluation = NonNullable<PolicyEnforcementResult["evaluations"]>[number];

/**
 * The most data-leakage threads a `redact` result may flag for `enforce` to redact it. A result
 * flagging more is not redacted at all: its redaction is incomplete (`"too-many-spans"`), so the
 * messages are stopped, and no time is spent on the spans.
 */
export const maxRedactionThreads = 10_000;

/**
 * The most span text, in UTF-16 code units and all flagged spans together, a `redact` result may
 * flag for `enforce` to redact it (256 Ki, about 50 ms of set-up on a laptop). Beyond it, as beyond
 * {@link maxRedactionThreads}, the redaction is incomplete (`"too-many-spans"`).
 */
export const maxRedactionSpanLength = 262_144;

/** What the evaluations of a result flag for redaction, read warily. */
export interface FlaggedThreads {
  /** The data-leakage threads with a usable span (a non-empty string), in order. */
  threads: DataLeakageThread[];
  /**
   * A data-leakage thread without a usable span (missing, empty, not a string, or not an object),
   * or a data-leakage evaluation whose `threads` is present but not a list.
   */
  malformed: boolean;
  /** Another guardrail's evaluation asked for `redact`. */
  otherGuardrail: boolean;
  /**
   * More than {@link maxRedactionThreads} data-leakage threads, or more than
   * {@link maxRedactionSpanLength} code units of spans: `threads` is then empty, as nothing of
   * such a result is to be searched for.
   */
  tooMany: boolean;
}

/**
 * Reads what the evaluations of a result flag: the usable data-leakage threads, and what keeps the
 * SDK from redacting everything they ask for (see {@link FlaggedThreads}). Stops reading as soon as
 * a limit is passed, so a huge answer costs no more than the limits allow.
 */
export function flaggedThreads(evaluations: readonly Evaluation[] | undefined): FlaggedThreads {
  const flagged: FlaggedThreads = {
    threads: [],
    malformed: false,
    otherGuardrail: false,
    tooMany: false,
  };
  let count = 0;
  let length = 0;
  for (const evaluation of Array.isArray(evaluations) ? evaluations : []) {
    if (evaluation === null || typeof evaluation !== "object") continue;
    if (evaluation.guardrailKey !== "data-leakage-prevention") {
      if (evaluation.action === "redact") flagged.otherGuardrail = true;
      continue;
    }
    const { threads } = evaluation as { threads?: unknown };
    if (threads === undefined || threads === null) continue;
    if (!Array.isArray(threads)) {
      flagged.malformed = true;
      continue;
    }
    for (const thread of threads as unknown[]) {
      const span = (thread as { span?: unknown } | null)?.span;
      count++;
      if (typeof span === "string") length += span.length;
      if (count > maxRedactionThreads || length > maxRedactionSpanLength) {
        return { ...flagged, threads: [], tooMany: true };
      }
      if (typeof span === "string" && span.length > 0) {
        flagged.threads.push(thread as DataLeakageThread);
      } else flagged.malformed = true;
    }
  }
  return flagged;
}

/**
 * The data-leakage threads of a result's evaluations whose `span` can be searched for (a
 * non-empty string), in order. What they point at (`messageIdentifier`, `contentIdentifier`) is
 * not looked at: a flagged span is hidden wherever it occurs. Threads of other guardrails, and
 * entries of any other shape, are left out (see {@link flaggedThreads} to know whether there were
 * any); no limit applies.
 */
export function leakedThreads(evaluations: readonly Evaluation[] | undefined): DataLeakageThread[] {
  const threads: DataLeakageThread[] = [];
  for (const evaluation of Array.isArray(evaluations) ? evaluations : []) {
    if (
      evaluation?.guardrailKey !== "data-leakage-prevention" ||
      !Array.isArray(evaluation.threads)
    )
      continue;
    for (const thread of evaluation.threads) {
      if (typeof thread?.span === "string" && thread.span.length > 0) threads.push(thread);
    }
  }
  return threads;
}

/** The spans of `threads`, one per thread in the same order, as `SpanMatcher` takes them. */
export function spansOf(threads: readonly DataLeakageThread[]): Span[] {
  return threads.map(({ span, category }) => ({
    span,
    category: typeof category === "string" ? category : undefined,
  }));
}

/** The texts of one message: its string content, or its blocks' texts. */
function textsOfMessage({ content }: Message): string[] {
  return typeof content === "string" ? [content] : content.map((block) => block.text);
}

/**
 * A copy of `message` with every text redacted by `matcher`, and the stretches `hidden[i]` of its
 * `i`th text (those a server hid) hidden too, as `[REDACTED]`.
 */
function hideSpans(
  { role, content }: Message,
  matcher: SpanMatcher,
  hidden: readonly (readonly TextRange[])[] = [],
): Message {
  const redact = (text: string, index: number) => {
    const extra = hidden[index] ?? [];
    if (extra.length === 0) return matcher.redact(text).text;
    const stretches = extra.map(({ start, end }) => ({ start, end, category: undefined }));
    return applyRedactions(text, [...matcher.find(text), ...stretches]).text;
  };
  return {
    role,
    content:
      typeof content === "string"
        ? redact(content, 0)
        : content.map((block, index) => ({ ...block, text: redact(block.text, index) })),
  };
}

/**
 * The threads naming each message, by index of `sent`: those whose `messageIdentifier` is a valid
 * index (an integer in range). The others name no message.
 */
function threadsByMessage(
  sent: readonly Message[],
  threads: readonly DataLeakageThread[],
): Map<number, number[]> {
  const byMessage = new Map<number, number[]>();
  threads.forEach(({ messageIdentifier: index }, thread) => {
    if (!Number.isInteger(index) || index < 0 || index >= sent.length) return;
    const named = byMessage.get(index);
    if (named) named.push(thread);
    else byMessage.set(index, [thread]);
  });
  return byMessage;
}

/** The message most threads name (the first of them on a tie), if any names one. */
function mostNamed(byMessage: ReadonlyMap<number, readonly number[]>): number | undefined {
  let most: number | undefined;
  for (const [index, named] of byMessage) {
    if (most === undefined || named.length > (byMessage.get(most) as number[]).length) most = index;
  }
  return most;
}

/**
 * For each of `threads`, whether its span occurs (as the engine matches: as given or
 * NFC-normalized) in the message its `messageIdentifier` names; `true` for a thread naming no
 * message. The threads naming message `known.index` are taken from `known.found` (found by the
 * conversation's matcher when that message was searched first); those naming each other message
 * are searched for in it together, so the cost stays linear.
 */
function inNamedMessages(
  sent: readonly Message[],
  threads: readonly DataLeakageThread[],
  byMessage: ReadonlyMap<number, readonly number[]>,
  known: { index: number | undefined; found: readonly boolean[] },
): boolean[] {
  const found = threads.map(() => true);
  for (const [index, named] of byMessage) {
    let inMessage: readonly boolean[];
    if (index === known.index) {
      inMessage = named.map((thread) => known.found[thread] === true);
    } else {
      const matcher = new SpanMatcher(
        spansOf(named.map((thread) => threads[thread] as DataLeakageThread)),
      );
      for (const text of textsOfMessage(sent[index] as Message)) matcher.find(text);
      inMessage = matcher.found;
    }
    named.forEach((thread, at) => {
      found[thread] = inMessage[at] === true;
    });
  }
  return found;
}

/** What {@link redactConversation} returns. */
export interface ConversationRedaction {
  /** The redacted conversation; present only when the redaction is complete. */
  messages: Message[] | undefined;
  /** How the redaction went. */
  report: RedactionReport;
}

/** An incomplete redaction, for a problem found before any span was searched for. */
function incomplete(problem: RedactionProblem, source: RedactionReport["source"]) {
  return { messages: undefined, report: { complete: false, source, unmatched: [], problem } };
}

/**
 * Redacts a checked conversation for a `redact` result: every occurrence of every flagged span
 * (every data-leakage thread's `span`) is hidden in every message and content block, whatever the
 * thread points at. The server's `redactedMessages` (`fromServer`), when they can stand for the
 * messages sent (see {@link serverStretchesFor}: the text sent with stretches replaced by
 * placeholders), add the stretches they hide, shown as `[REDACTED]`; the result is always built
 * from the messages sent, so every occurrence of a span is hidden whole, whatever the server's
 * placeholders cut, and no text of the server's is ever kept.
 *
 * The redaction is complete, and `messages` present, unless (checked in this order; `problem`
 * says which):
 * - the result flags more than {@link maxRedactionThreads} threads or
 *   {@link maxRedactionSpanLength} code units of spans (`"too-many-spans"`: nothing is searched);
 * - a data-leakage thread has no usable span, or an evaluation's `threads` is not a list
 *   (`"malformed-threads"`);
 * - there is no span and no usable server messages (`"no-spans"`);
 * - another guardrail asked for `redact` and there are no usable server messages
 *   (`"other-guardrail"`: only the server can say what it wanted hidden);
 * - a span occurs nowhere in the messages sent (`"unmatched-spans"`);
 * - a span does not occur in the message its thread names, when that is a valid index
 *   (`"span-not-in-message"`). A thread naming no valid message only needs its span somewhere.
 *
 * `report.unmatched` lists the threads of the last two cases. The input is never modified.
 */
export function redactConversation(
  sent: readonly Message[],
  evaluations: readonly Evaluation[] | undefined,
  fromServer?: unknown,
): ConversationRedaction {
  const flagged = flaggedThreads(evaluations);
  const { threads } = flagged;
  const server = fromServer === undefined ? undefined : serverStretchesFor(fromServer, sent);
  const source = server ? "server" : "spans";
  if (flagged.tooMany) return incomplete("too-many-spans", source);
  if (flagged.malformed) return incomplete("malformed-threads", source);
  if (!server && threads.length === 0) return incomplete("no-spans", source);
  if (!server && flagged.otherGuardrail) return incomplete("other-guardrail", source);

  // The message most threads name is searched first: which spans it holds is then known without
  // a matcher of its own.
  const byMessage = threadsByMessage(sent, threads);
  const first = mostNamed(byMessage);
  const order = [...sent.keys()];
  if (first !== undefined) order.unshift(...order.splice(first, 1));
  const matcher = new SpanMatcher(spansOf(threads));
  let inFirst: readonly boolean[] = [];
  const search = (visit: (index: number) => void) => {
    for (const index of order) {
      visit(index);
      if (index === first) inFirst = [...matcher.found];
    }
  };
  // Always rebuilt from the messages sent: the server's placeholders only add stretches to hide.
  const messages = [...sent];
  search((index) => {
    messages[index] = hideSpans(sent[index] as Message, matcher, server?.[index]);
  });
  const found = matcher.found;
  const nowhere = threads.some((_, index) => !found[index]);
  const named = inNamedMessages(sent, threads, byMessage, { index: first, found: inFirst });
  const unmatched = threads.filter((_, index) => !found[index] || !named[index]);
  let problem: RedactionProblem | undefined;
  if (nowhere) problem = "unmatched-spans";
  else if (unmatched.length > 0) problem = "span-not-in-message";
  return {
    messages: problem ? undefined : messages,
    report: {
      complete: problem === undefined,
      source,
      unmatched,
      ...(problem && { problem }),
    },
  };
}

/**
 * Returns a copy of `messages` where every occurrence of every span flagged by the data-leakage
 * threads of `evaluations` is replaced by its placeholder (`[REDACTED:<category>]`), in every
 * message and content block, whatever message or block the thread points at. Spans are matched as
 * given and NFC-normalized. The input is never modified.
 *
 * It gives no completeness signal: threads it cannot use (no usable span, another guardrail's
 * `redact`) are skipped, a span that occurs nowhere is not reported, and no limit applies to the
 * number of spans. So its output is not known to be safe to pass on. The result of `enforce` is:
 * use `result.redactedMessages`, present only when `result.redaction.complete` (see
 * `RedactionReport`), rather than this function on a result.
 */
export function redactMessages(
  messages: readonly Message[],
  evaluations: readonly Evaluation[] | undefined,
): Message[] {
  const matcher = new SpanMatcher(spansOf(leakedThreads(evaluations)));
  return messages.map((message) => hideSpans(message, matcher));
}
