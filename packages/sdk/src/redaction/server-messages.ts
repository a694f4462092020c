import type { ContentBlock, Message } from "../core/types.js";

const roles: ReadonlySet<unknown> = new Set(["system", "user", "assistant", "tool"]);
const blockTypes: ReadonlySet<unknown> = new Set(["text", "document", "image", "audio", "video"]);

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
 * Whether `redacted` is `sent` with some stretches replaced by placeholders (see
 * {@link serverPlaceholder}): the pieces of `redacted` between its placeholders occur in `sent`
 * in the same order, the first one at its start and the last one at its end. So a server can hide
 * text, but not add, change or move any. Without a placeholder, the texts must be equal.
 *
 * Time is linear in the lengths of both texts: each piece is looked for once, from where the
 * previous one ended (the earliest place a piece can be is always the best one to take).
 */
export function isPlaceholderRedaction(redacted: string, sent: string): boolean {
  const pieces = redacted.split(serverPlaceholder);
  const first = pieces[0] as string;
  if (pieces.length === 1) return redacted === sent;
  const last = pieces[pieces.length - 1] as string;
  const end = sent.length - last.length;
  if (end < first.length || !sent.startsWith(first) || !sent.endsWith(last)) return false;
  let at = first.length;
  for (let index = 1; index < pieces.length - 1; index++) {
    const piece = pieces[index] as string;
    if (piece.length === 0) continue;
    const found = sent.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/** A copy of one server block, when it is a valid block of the same type as `sent`. */
function blockLike(value: unknown, sent: ContentBlock): ContentBlock | undefined {
  if (!isRecord(value) || !blockTypes.has(value.type) || typeof value.text !== "string") return;
  if (value.type !== sent.type || !isPlaceholderRedaction(value.text, sent.text)) return;
  return { type: sent.type, text: value.text };
}

/** A copy of one server message, when it is valid and shaped like `sent`. */
function messageLike(value: unknown, sent: Message): Message | undefined {
  if (!isRecord(value) || !roles.has(value.role) || value.role !== sent.role) return;
  const { content } = value;
  if (typeof sent.content === "string") {
    return typeof content === "string" && isPlaceholderRedaction(content, sent.content)
      ? { role: sent.role, content }
      : undefined;
  }
  if (!Array.isArray(content) || content.length !== sent.content.length) return;
  const blocks: ContentBlock[] = [];
  for (const [index, block] of sent.content.entries()) {
    const copy = blockLike(content[index], block);
    if (!copy) return;
    blocks.push(copy);
  }
  return { role: sent.role, content: blocks };
}

/**
 * The `redactedMessages` a server sent, copied, when they can stand for the messages `sent`: an
 * array of as many messages, each with a valid role (`system`, `user`, `assistant`, `tool`) and
 * valid content (a string, or `{ type, text }` blocks of a known type with string text), each
 * shaped like the message sent at its place (same role, same kind of content, same number and types
 * of blocks), so every piece of text sent has exactly one redacted counterpart, and each text the
 * text sent with some stretches replaced by placeholders (see {@link isPlaceholderRedaction}), so
 * the server's messages can hide text but never bring text of their own. `undefined` otherwise:
 * the server's messages are then ignored as a whole.
 */
export function serverMessagesFor(value: unknown, sent: readonly Message[]): Message[] | undefined {
  if (!Array.isArray(value) || value.length !== sent.length) return undefined;
  const messages: Message[] = [];
  for (const [index, message] of sent.entries()) {
    const copy = messageLike(value[index], message);
    if (!copy) return undefined;
    messages.push(copy);
  }
  return messages;
}
