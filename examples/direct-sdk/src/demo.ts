import type { Anthale, Message } from "@anthale/sdk";
import { guardedChat, type Model, type Outcome } from "./guarded-chat.js";
import { scenarios } from "./scenarios.js";

/** Text of a message, whether it is a string or blocks. */
function textOf(message: Message): string {
  return typeof message.content === "string"
    ? message.content
    : message.content.map((block) => block.text).join(" ");
}

/** A stand-in model that answers with what it was asked, so the demo shows what reached it. */
export const echoModel: Model = async (messages) =>
  `(model) you said: ${textOf(messages.at(-1) as Message)}`;

/** Runs the four scenarios, printing what the application did for each. */
export async function runDemo(options: {
  client: Anthale;
  policyId: string;
  /** Ask the mock server for the example matching each scenario (only on the mock). */
  onMock: boolean;
  print?: (line: string) => void;
}): Promise<Outcome[]> {
  const print = options.print ?? console.log;
  const outcomes: Outcome[] = [];
  for (const scenario of scenarios) {
    const requestOptions = options.onMock
      ? { headers: { Prefer: `example=${scenario.expected}` } }
      : {};
    const outcome = await guardedChat(
      options.client,
      options.policyId,
      scenario.messages,
      echoModel,
      requestOptions,
    );
    outcomes.push(outcome);
    print(`\n● ${scenario.title}`);
    print(
      `  Anthale says: ${outcome.action}${outcome.flaggedBy.length ? ` (flagged by ${outcome.flaggedBy.join(", ")})` : ""}`,
    );
    switch (outcome.action) {
      case "allow":
        print("  → continued: the model got the original messages");
        break;
      case "detect":
        print("  → continued, and logged the flag for review");
        break;
      case "redact":
        print(
          outcome.sentToModel
            ? `  → continued with redacted messages: "${textOf(outcome.sentToModel.at(-1) as Message)}"`
            : "  → stopped before the model: the redaction could not be applied",
        );
        break;
      default:
        print("  → stopped before the model: it was never called");
    }
    if (outcome.answer) print(`  ${outcome.answer}`);
  }
  const called = outcomes.filter((outcome) => outcome.modelCalled).length;
  print(`\n${outcomes.length} conversations checked; the model was called ${called} times.`);
  return outcomes;
}
