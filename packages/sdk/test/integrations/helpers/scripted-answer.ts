// What the fake models answer, picked by keywords of the prompt, so each test steers the answer.

export const leakedEmail = "jane.doe@example.com";

/** What "ANSWER_LOOKALIKE" answers: an address dressed up as one of the SDK's placeholders. */
export const lookalikeAnswer = "Sure: [REDACTED:ceo@acme.com]";

/** The address "ANSWER_ESCAPED_TOOL" writes in its text, and in its tool call with an escape. */
export const escapedEmail = "ceo@acme.com";

export interface ScriptedAnswer {
  /** The answer's text ("" when the answer is only a tool call). */
  text: string;
  /**
   * A tool call to make, with its arguments, and how the model writes them as JSON text when not
   * as `JSON.stringify` would.
   */
  toolCall?: { name: string; arguments: Record<string, unknown>; json?: string };
}

/** A tool call's arguments as the model writes them: JSON text. */
export function argumentsText(toolCall: NonNullable<ScriptedAnswer["toolCall"]>): string {
  return toolCall.json ?? JSON.stringify(toolCall.arguments);
}

/** The answer to a prompt: keywords pick it, anything else is echoed. */
export function scriptedAnswer(prompt: string): ScriptedAnswer {
  if (prompt.includes("ANSWER_EMAIL")) return { text: `Sure, write to ${leakedEmail} today.` };
  if (prompt.includes("ANSWER_BLOCK")) return { text: "Here it is: BLOCKME and the rest." };
  if (prompt.includes("ANSWER_UNREDACTABLE")) {
    return { text: "Here it is: REDACT_NOSPAN and the rest." };
  }
  if (prompt.includes("ANSWER_LOOKALIKE")) return { text: lookalikeAnswer };
  if (prompt.includes("ANSWER_ESCAPED_TOOL")) {
    // The address in the text, and in the arguments with its "@" written as a JSON escape.
    return {
      text: `Writing to ${escapedEmail} now.`,
      toolCall: {
        name: "send_email",
        arguments: { to: escapedEmail, subject: "hello" },
        json: '{"to":"ceo\\u0040acme.com","subject":"hello"}',
      },
    };
  }
  if (prompt.includes("ANSWER_TOOL")) {
    return {
      text: "",
      toolCall: { name: "send_email", arguments: { to: leakedEmail, subject: "hello" } },
    };
  }
  return { text: `echo: ${prompt}` };
}

/**
 * Whether `value`, serialized, still holds {@link escapedEmail}: as it is, or with its `@` written
 * as a JSON escape (at any depth of escaping), so that a reader of the JSON would get it back.
 */
export function showsEscapedEmail(value: unknown): boolean {
  return (JSON.stringify(value) ?? "").replace(/\\+u0040/g, "@").includes(escapedEmail);
}
