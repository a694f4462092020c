// The decision of `anthale check` the way a person reads it: the action, each guardrail's verdict
// and score, the redacted text with its placeholders highlighted, the request id and rate limit.
// Everything that came from the conversation or the server is made printable first.
import type { EnforceResult, Message } from "@anthale/sdk";
import type { Styler } from "../config/color.js";
import { oneLine, printable } from "../config/terminal-text.js";

const PLACEHOLDER = /\[REDACTED(?::[A-Za-z0-9_.-]{1,64})?\]/g;

const ACTION_STYLE: Record<string, Parameters<Styler>[0]> = {
  allow: ["bold", "green"],
  detect: ["bold", "yellow"],
  redact: ["bold", "cyan"],
  block: ["bold", "red"],
};

/** The lines printed for a result. */
export function renderDecision(result: EnforceResult, style: Styler): string {
  const action = oneLine(String(result.action));
  const lines = [`Action: ${style(ACTION_STYLE[action] ?? ["bold", "red"], action.toUpperCase())}`];
  if (!ACTION_STYLE[action])
    lines.push("  (an action this version does not know: treated as block)");
  const evaluations = Array.isArray(result.evaluations) ? result.evaluations : [];
  if (evaluations.length > 0) {
    lines.push("Guardrails:");
    const rows = evaluations.map((evaluation) => {
      const entry = (evaluation ?? {}) as {
        guardrailKey?: unknown;
        action?: unknown;
        score?: unknown;
      };
      return [
        oneLine(String(entry.guardrailKey ?? "?")),
        oneLine(String(entry.action ?? "?")),
        typeof entry.score === "number" ? entry.score.toFixed(2) : "-",
      ] as const;
    });
    const keyWidth = Math.max(...rows.map((row) => row[0].length));
    const actionWidth = Math.max(...rows.map((row) => row[1].length));
    for (const [key, verdict, score] of rows) {
      lines.push(`  ${key.padEnd(keyWidth)}  ${verdict.padEnd(actionWidth)}  ${score}`);
    }
  }
  if (result.action === "redact") lines.push(...renderRedaction(result, style));
  if (result.requestId) lines.push(`Request id: ${oneLine(result.requestId)}`);
  if (result.rateLimit) {
    const { limit, remaining, reset } = result.rateLimit;
    lines.push(`Rate limit: ${remaining} of ${limit} left, window resets in ${reset} s`);
  }
  return `${lines.join("\n")}\n`;
}

function renderRedaction(result: EnforceResult, style: Styler): string[] {
  if (!result.redaction?.complete || !result.redactedMessages) {
    const problem = result.redaction?.problem ?? "no redacted messages";
    return [
      `Redaction: INCOMPLETE (${problem}): do not forward this conversation, as it still holds what the policy asked to hide.`,
    ];
  }
  const lines = ["Redacted conversation:"];
  for (const message of result.redactedMessages) lines.push(...renderMessage(message, style));
  return lines;
}

function renderMessage(message: Message, style: Styler): string[] {
  const texts =
    typeof message.content === "string"
      ? [message.content]
      : message.content.map((block) => `(${block.type}) ${block.text}`);
  return texts.map((text) => {
    const shown = printable(text).replace(/\n/g, "\n    ");
    return `  ${message.role}: ${shown.replace(PLACEHOLDER, (match) => style(["bold", "inverse"], match))}`;
  });
}
