// `anthale check`: enforce the policy on one conversation and print the decision. Exit code 0 on
// allow, detect and a complete redact, 3 on block (and on a redaction that could not be applied in
// full, or an action this version does not know), 1 on error.
import type { Direction } from "@anthale/sdk";
import { CliError } from "../config/cli-error.js";
import { stylerFor, useColor } from "../config/color.js";
import { type ConnectionFlags, createClient, resolveConnection } from "../config/connection.js";
import { type ConversationSource, loadConversation } from "./conversation.js";
import { renderDecision } from "./render-decision.js";

/** Exit code of `anthale check` when the policy blocks. */
const EXIT_BLOCKED = 3;

/** The flags of `anthale check`. */
export interface CheckFlags extends ConnectionFlags {
  file?: string;
  direction: Direction;
  metadata?: Record<string, string>;
  json?: boolean;
}

/** Runs `anthale check`; resolves to the exit code. */
export async function runCheck(text: string | undefined, flags: CheckFlags): Promise<number> {
  const source = sourceOf(text, flags.file);
  const connection = resolveConnection(flags);
  const conversation = await loadConversation(source);
  const client = createClient(connection, flags);
  const metadata =
    conversation.metadata || flags.metadata
      ? { ...conversation.metadata, ...flags.metadata }
      : undefined;
  const result = await client.organizations.policies.enforce(connection.policyId, {
    direction: flags.direction,
    messages: conversation.messages,
    ...(metadata ? { metadata } : {}),
  });
  if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(renderDecision(result, stylerFor(useColor(process.stdout))));
  // A redaction that could not be applied in full leaves nothing safe to forward: as a block.
  const forwardable =
    result.action === "allow" ||
    result.action === "detect" ||
    (result.action === "redact" && result.redactedMessages !== undefined);
  return forwardable ? 0 : EXIT_BLOCKED;
}

function sourceOf(text: string | undefined, file: string | undefined): ConversationSource {
  if (file !== undefined && text !== undefined) {
    throw new CliError("Give either a text (or - for stdin) or --file, not both.");
  }
  if (file !== undefined) return { kind: "file", path: file };
  if (text === "-") return { kind: "stdin" };
  if (text === undefined) {
    throw new CliError(
      'Nothing to check: give a text (anthale check "Hello"), --file conv.json, or - to read stdin.',
    );
  }
  return { kind: "text", text };
}
