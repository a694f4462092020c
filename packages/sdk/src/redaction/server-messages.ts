// Reading a server's own redacted messages: which stretches of the sent text its placeholders hide.
// Only those stretches are used, never the server's text or labels.
import {
  policyEnforcementMessageRoleValues,
  policyEnforcementMessageTypeValues,
} from "@anthale/client/contract";
import type { ContentBlock, Message } from "../base/types.js";
import type { TextRange } from "./redact-text.js";

const roles: ReadonlySet<unknown> = new Set(policyEnforcementMessageRoleValues);
const blockTypes: ReadonlySet<unknown> = new Set(policyEnforcementMessageTypeValues);

/**
 * A placeholder a server may put in place of a stretch of text: `[REDACTED]`, or
 * `[REDACTED:<label>]` with a label of 1 to 64 ASCII letters, digits, `_`, `-` or `.` (the shape
 * of this SDK's own placeholders).
 */
const serverPlaceholder = /\[REDACTED(?::[A-Za-z0-9_.-]{1,64})?\]/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The stretches of `sent` that `redacted` hides, when `redacted` is `sent` with some stretches
 * replaced by placeholders (see {@link serverPlaceholder}): the pieces of `redacted` between its
 * placeholders occur in `sent` in the same order, the first one at its start and the last one at
 * its end; what lies between two pieces in `sent` is hidden. `undefined` when it is not such a
 * text (without a placeholder, the texts must be equal). Only these stretches are taken from the
 * server, never its text: a placeholder that hides nothing, or its label, brings nothing in.
 *
 * Time is linear in the lengths of both texts: each piece is looked for once, from where the
 * previous one ended (the earliest place a piece can be is always the best one to take).
 */
export function hiddenStretches(redacted: string, sent: string): TextRange[] | undefined {
  const pieces = redacted.split(serverPlaceholder);
  const first = pieces[0] as string;
  if (pieces.length === 1) return redacted === sent ? [] : undefined;
  const last = pieces[pieces.length - 1] as string;
  const end = sent.length - last.length;
  if (end < first.length || !sent.startsWith(first) || !sent.endsWith(last)) return undefined;
  const hidden: TextRange[] = [];
  let at = first.length;
  for (let index = 1; index < pieces.length - 1; index++) {
    const piece = pieces[index] as string;
    if (piece.length === 0) continue;
    const found = sent.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return undefined;
    if (found > at) hidden.push({ start: at, end: found });
    at = found + piece.length;
  }
  if (end > at) hidden.push({ start: at, end });
  return hidden;
}

/** Whether `redacted` is `sent` with some stretches replaced by placeholders. */
export function isPlaceholderRedaction(redacted: string, sent: string): boolean {
  return hiddenStretches(redacted, sent) !== undefined;
}

/** The stretches one server text hides, when it is a valid text of a block like `sent`. */
function blockStretches(value: unknown, sent: ContentBlock): TextRange[] | undefined {
  if (!isRecord(value) || !blockTypes.has(value.type) || typeof value.text !== "string") return;
  if (value.type !== sent.type) return;
  return hiddenStretches(value.text, sent.text);
}

/** The stretches each text of one server message hides, when it is valid and shaped like `sent`. */
function messageStretches(value: unknown, sent: Message): TextRange[][] | undefined {
  if (!isRecord(value) || !roles.has(value.role) || value.role !== sent.role) return;
  const { content } = value;
  if (typeof sent.content === "string") {
    const hidden = typeof content === "string" && hiddenStretches(content, sent.content);
    return hidden ? [hidden] : undefined;
  }
  if (!Array.isArray(content) || content.length !== sent.content.length) return;
  const texts: TextRange[][] = [];
  for (const [index, block] of sent.content.entries()) {
    const hidden = blockStretches(content[index], block);
    if (!hidden) return;
    texts.push(hidden);
  }
  return texts;
}

/**
 * What the `redactedMessages` a server sent hide of the messages `sent`, when they can stand for
 * them: for each message, for each of its texts (its string content, or each block's text), the
 * stretches hidden. They can stand for the messages sent when they are an array of as many
 * messages, each with a valid role (`system`, `user`, `assistant`, `tool`) and valid content (a
 * string, or `{ type, text }` blocks of a known type with string text), each shaped like the
 * message sent at its place (same role, same kind of content, same number and types of blocks),
 * and each text the text sent with some stretches replaced by placeholders (see
 * {@link hiddenStretches}). `undefined` otherwise: the server's messages are then ignored as a
 * whole. The redacted conversation is always rebuilt from the messages sent, so the server can
 * hide text, but never bring text of its own.
 */
export function serverStretchesFor(
  value: unknown,
  sent: readonly Message[],
): TextRange[][][] | undefined {
  if (!Array.isArray(value) || value.length !== sent.length) return undefined;
  const stretches: TextRange[][][] = [];
  for (const [index, message] of sent.entries()) {
    const hidden = messageStretches(value[index], message);
    if (!hidden) return undefined;
    stretches.push(hidden);
  }
  return stretches;
}
