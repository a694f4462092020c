// What `anthale check` checks: one conversation, from a plain text (one user message), a JSON
// file, or stdin. The JSON holds `{ messages, metadata? }` or a bare array of messages; anything
// else is refused with the file's name and the place that is wrong.
import { readFile } from "node:fs/promises";
import type { Message, Metadata } from "@anthale/sdk";
import { CliError } from "../config/cli-error.js";
import { parseJson } from "../config/json-position.js";
import { checkMessages, checkMetadata } from "../dataset/message-checks.js";

/** A conversation to check, and where it came from (for error messages). */
export interface Conversation {
  messages: Message[];
  metadata?: Metadata;
}

/** Where the conversation comes from: a text argument, a file, or stdin. */
export type ConversationSource =
  | { kind: "text"; text: string }
  | { kind: "file"; path: string }
  | { kind: "stdin" };

/** Reads and checks the conversation. `readStdin` is replaceable for tests. */
export async function loadConversation(
  source: ConversationSource,
  readStdin: () => Promise<string> = readAllStdin,
): Promise<Conversation> {
  if (source.kind === "text") {
    if (source.text.trim() === "") {
      throw new CliError(
        "The text to check is empty: give a text, --file conv.json, or - for stdin.",
      );
    }
    return { messages: [{ role: "user", content: source.text }] };
  }
  const name = source.kind === "file" ? source.path : "stdin";
  let text: string;
  try {
    text = source.kind === "file" ? await readFile(source.path, "utf8") : await readStdin();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : (code ?? "unreadable");
    const hint =
      source.kind === "file" ? "check the path given to --file." : "check what is piped in.";
    throw new CliError(`Cannot read ${name} (${why}): ${hint}`);
  }
  return parseConversation(text, name);
}

/** Parses a conversation's JSON text; `name` says where it came from in errors. */
export function parseConversation(text: string, name: string): Conversation {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    throw new CliError(
      `${name} ${(error as Error).message}: give {"messages": [...]} or a messages array.`,
    );
  }
  const fail = (problem: string): never => {
    throw new CliError(`${name}: ${problem}`);
  };
  if (Array.isArray(value)) return { messages: checkMessages(value, "messages", fail) };
  if (typeof value !== "object" || value === null) {
    return fail(
      `expected {"messages": [...]} or an array of messages, not a JSON ${typeName(value)}.`,
    );
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== "messages" && key !== "metadata") {
      fail(`unknown key "${key}" (a conversation has "messages" and an optional "metadata").`);
    }
  }
  if (!("messages" in record)) fail('no "messages": expected {"messages": [...]}.');
  const messages = checkMessages(record.messages, "messages", fail);
  if (record.metadata === undefined) return { messages };
  return { messages, metadata: checkMetadata(record.metadata, "metadata", fail) };
}

function typeName(value: unknown): string {
  return value === null ? "null" : typeof value;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
