// What the fake models answer, picked by keywords of the prompt, so each test steers the answer.

export const leakedEmail = "jane.doe@example.com";

export interface ScriptedAnswer {
  /** The answer's text ("" when the answer is only a tool call). */
  text: string;
  /** A tool call to make, with its arguments. */
  toolCall?: { name: string; arguments: Record<string, unknown> };
}

/** The answer to a prompt: keywords pick it, anything else is echoed. */
export function scriptedAnswer(prompt: string): ScriptedAnswer {
  if (prompt.includes("ANSWER_EMAIL")) return { text: `Sure, write to ${leakedEmail} today.` };
  if (prompt.includes("ANSWER_BLOCK")) return { text: "Here it is: BLOCKME and the rest." };
  if (prompt.includes("ANSWER_TOOL")) {
    return {
      text: "",
      toolCall: { name: "send_email", arguments: { to: leakedEmail, subject: "hello" } },
    };
  }
  return { text: `echo: ${prompt}` };
}
