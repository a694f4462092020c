// One dataset case, checked and normalized into an EvalCase. A case is an object with an optional
// `id`, `messages` or `text`, an optional `direction` and `metadata`, and an optional `expect`
// holding `action`, `guardrails` and `redacted`. Unknown keys are refused everywhere, so a typo
// in an expectation cannot silently check nothing.
import type { EnforceAction, Message } from "@anthale/sdk";
import type { CaseExpectation, EvalCase } from "../eval/case-result.js";
import { checkMessages, checkMetadata, type Fail, isPlainObject } from "./message-checks.js";

/** The actions an expectation may name. */
export const ACTIONS = ["allow", "detect", "redact", "block"] as const;

const CASE_KEYS = ["id", "messages", "text", "direction", "metadata", "expect"];
const EXPECT_KEYS = ["action", "guardrails", "redacted"];

/** Longest id accepted, in characters. */
const MAX_ID_LENGTH = 200;

/** A problem with a line of the dataset. */
export class CaseProblem extends Error {}

const fail: Fail = (problem) => {
  throw new CaseProblem(problem);
};

/**
 * Checks one parsed case from line `line`; returns the EvalCase or throws a CaseProblem saying
 * what is wrong. A case without an id gets `line-<line>`.
 */
export function checkCase(value: unknown, line: number): EvalCase {
  if (!isPlainObject(value)) return fail("a case must be a JSON object.");
  for (const key of Object.keys(value)) {
    if (!CASE_KEYS.includes(key)) {
      fail(`unknown key "${key}" (a case has ${CASE_KEYS.join(", ")}).`);
    }
  }
  const id = checkId(value.id, line);
  const messages = checkInput(value);
  const direction = value.direction ?? "input";
  if (direction !== "input" && direction !== "output") {
    fail('direction must be "input" or "output".');
  }
  const result: EvalCase = {
    id,
    line,
    direction: direction as EvalCase["direction"],
    messages,
    expect: value.expect === undefined ? {} : checkExpectation(value.expect),
  };
  if (value.metadata !== undefined)
    result.metadata = checkMetadata(value.metadata, "metadata", fail);
  return result;
}

/** A case's id: a non-empty string or a whole number; `line-<line>` when absent. */
function checkId(value: unknown, line: number): string {
  if (value === undefined) return `line-${line}`;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== "string") return fail("id must be a string or a whole number.");
  if (value.trim() === "") return fail("id is empty.");
  if (value.length > MAX_ID_LENGTH) return fail(`id is longer than ${MAX_ID_LENGTH} characters.`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return fail("id holds control characters.");
  return value;
}

function checkInput(value: Record<string, unknown>): Message[] {
  if (value.messages !== undefined && value.text !== undefined) {
    return fail('give either "messages" or "text", not both.');
  }
  if (value.text !== undefined) {
    if (typeof value.text !== "string" || value.text === "") {
      return fail("text must be a non-empty string.");
    }
    return [{ role: "user", content: value.text }];
  }
  if (value.messages === undefined) return fail('no "messages" or "text".');
  return checkMessages(value.messages, "messages", fail);
}

/** Checks an `expect` object. */
function checkExpectation(value: unknown): CaseExpectation {
  if (!isPlainObject(value)) return fail("expect must be an object.");
  for (const key of Object.keys(value)) {
    if (!EXPECT_KEYS.includes(key)) {
      fail(`unknown key "expect.${key}" (expect has ${EXPECT_KEYS.join(", ")}).`);
    }
  }
  const expectation: CaseExpectation = {};
  if (value.action !== undefined) expectation.action = checkActions(value.action, "expect.action");
  if (value.guardrails !== undefined) {
    if (!isPlainObject(value.guardrails)) {
      fail("expect.guardrails must be an object of guardrail key to true or false.");
    }
    const entries = Object.entries(value.guardrails as Record<string, unknown>);
    for (const [key, triggers] of entries) {
      if (typeof triggers !== "boolean") fail(`expect.guardrails["${key}"] must be true or false.`);
    }
    // fromEntries makes own properties of every key, `__proto__` included.
    const guardrails = Object.fromEntries(entries) as Record<string, boolean>;
    expectation.guardrails = guardrails;
  }
  if (value.redacted !== undefined) {
    const redacted = value.redacted;
    if (
      !Array.isArray(redacted) ||
      !redacted.every((entry) => typeof entry === "string" && entry !== "")
    ) {
      fail("expect.redacted must be an array of non-empty strings.");
    }
    expectation.redacted = redacted as string[];
  }
  return expectation;
}

/** An action or a list of acceptable actions, each one of the four the API knows. */
function checkActions(value: unknown, path: string): EnforceAction[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return fail(`${path} is empty: give one action or a list of them.`);
  for (const action of list) {
    if (typeof action !== "string" || !(ACTIONS as readonly string[]).includes(action)) {
      fail(
        `${path} must be ${ACTIONS.join(", ")} or a list of them, not ${JSON.stringify(action)}.`,
      );
    }
  }
  return [...new Set(list as string[])];
}
