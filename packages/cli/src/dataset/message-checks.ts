// Checks of the parts a conversation and a dataset case share: messages (role and content) and
// metadata. Each failure calls `fail` with the path of what is wrong (`messages[1].role`) and what
// is expected, so the caller can add the file and line.
import type { ContentBlock, Message, Metadata } from "@anthale/sdk";

/** The message roles the API accepts. */
export const ROLES = ["system", "user", "assistant", "tool"] as const;

/** The content block types the API accepts. */
export const BLOCK_TYPES = ["text", "document", "image", "audio", "video"] as const;

/** Reports a problem found at a path; never returns. */
export type Fail = (problem: string) => never;

/** Checks a list of messages; returns fresh copies holding only the known fields. */
export function checkMessages(value: unknown, path: string, fail: Fail): Message[] {
  if (!Array.isArray(value)) return fail(`${path} must be an array of messages.`);
  if (value.length === 0) return fail(`${path} is empty: give at least one message.`);
  return value.map((message, index) => checkMessage(message, `${path}[${index}]`, fail));
}

function checkMessage(value: unknown, path: string, fail: Fail): Message {
  if (!isPlainObject(value)) return fail(`${path} must be an object with "role" and "content".`);
  for (const key of Object.keys(value)) {
    if (key !== "role" && key !== "content") {
      fail(`${path} has an unknown key "${key}" (a message has "role" and "content").`);
    }
  }
  const role = value.role;
  if (role === undefined) fail(`${path} has no "role" (one of ${ROLES.join(", ")}).`);
  if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) {
    fail(`${path}.role must be one of ${ROLES.join(", ")}.`);
  }
  const content = value.content;
  if (typeof content === "string") return { role: role as Message["role"], content };
  if (content === undefined) fail(`${path} has no "content" (a string or an array of blocks).`);
  if (!Array.isArray(content)) fail(`${path}.content must be a string or an array of blocks.`);
  const blocks = (content as unknown[]).map((block, index) =>
    checkBlock(block, `${path}.content[${index}]`, fail),
  );
  return { role: role as Message["role"], content: blocks };
}

function checkBlock(value: unknown, path: string, fail: Fail): ContentBlock {
  if (!isPlainObject(value)) return fail(`${path} must be an object with "type" and "text".`);
  for (const key of Object.keys(value)) {
    if (key !== "type" && key !== "text") {
      fail(`${path} has an unknown key "${key}" (a block has "type" and "text").`);
    }
  }
  if (typeof value.type !== "string" || !(BLOCK_TYPES as readonly string[]).includes(value.type)) {
    fail(`${path}.type must be one of ${BLOCK_TYPES.join(", ")}.`);
  }
  if (typeof value.text !== "string") fail(`${path}.text must be a string.`);
  return { type: value.type as ContentBlock["type"], text: value.text as string };
}

/** Checks metadata: a JSON object. */
export function checkMetadata(value: unknown, path: string, fail: Fail): Metadata {
  if (!isPlainObject(value)) return fail(`${path} must be an object.`);
  return value;
}

/** Whether a value is a JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
