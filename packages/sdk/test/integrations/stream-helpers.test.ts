// The stream helpers of the OpenAI and Anthropic clients report what a guarded call threw as an
// error of their own whose `cause` it is; `policyViolationOf` finds the violation there (and
// through a LangChain agent's `MiddlewareError`), and nowhere else.
import Anthropic, { AnthropicError } from "@anthropic-ai/sdk";
import OpenAI, { OpenAIError } from "openai";
import { describe, expect, it } from "vitest";
import { AnthaleError, AnthalePolicyViolationError } from "../../src/index.js";
import { guardAnthropic, policyViolationOf } from "../../src/integrations/anthropic/index.js";
import {
  policyViolationOf as fromOpenAI,
  guardOpenAI,
} from "../../src/integrations/openai/index.js";
import { anthropicHandler } from "./helpers/anthropic-fake.js";
import type { ReceivedRequest } from "./helpers/fake-provider.js";
import { openaiHandler } from "./helpers/openai-fake.js";
import { useTestbed } from "./helpers/testbed.js";

const bed = useTestbed((request: ReceivedRequest) =>
  request.path.includes("/messages") ? anthropicHandler(request) : openaiHandler(request),
);

const openai = () =>
  guardOpenAI(
    new OpenAI({ apiKey: "sk-test", baseURL: bed.provider.url, maxRetries: 0 }),
    bed.guardOptions(),
  );
const anthropic = () =>
  guardAnthropic(
    new Anthropic({ apiKey: "sk-test", baseURL: bed.provider.url, maxRetries: 0 }),
    bed.guardOptions(),
  );

describe("policyViolationOf", () => {
  it("finds the violation behind chat.completions.stream(...).finalChatCompletion()", async () => {
    expect(fromOpenAI).toBe(policyViolationOf);
    for (const [content, direction] of [
      ["BLOCKME", "input"],
      ["ANSWER_BLOCK", "output"],
    ] as const) {
      const error = await openai()
        .chat.completions.stream({ model: "gpt-test", messages: [{ role: "user", content }] })
        .finalChatCompletion()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAIError);
      const violation = policyViolationOf(error);
      expect(violation).toBeInstanceOf(AnthalePolicyViolationError);
      expect(violation?.direction).toBe(direction);
    }
  });

  it("finds the violation behind messages.stream(...).finalText()", async () => {
    for (const [content, direction] of [
      ["BLOCKME", "input"],
      ["ANSWER_BLOCK", "output"],
    ] as const) {
      const error = await anthropic()
        .messages.stream({
          model: "claude-test",
          max_tokens: 64,
          messages: [{ role: "user", content }],
        })
        .finalText()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AnthropicError);
      expect(policyViolationOf(error)?.direction).toBe(direction);
    }
  });

  it("returns the violation itself, and nothing for other errors or values", () => {
    const violation = new AnthalePolicyViolationError("input", {
      action: "block",
      enforcerIdentifier: "e",
      evaluations: [],
    });
    expect(policyViolationOf(violation)).toBe(violation);
    expect(policyViolationOf(new Error("wrapped", { cause: violation }))).toBe(violation);
    for (const other of [
      undefined,
      null,
      "BLOCKME",
      { cause: violation },
      new AnthaleError("down"),
      new Error("no cause"),
    ]) {
      expect(policyViolationOf(other)).toBeUndefined();
    }
    // A chain that loops, or runs deeper than 8 causes, ends the search.
    const loop = new Error("loop");
    loop.cause = loop;
    expect(policyViolationOf(loop)).toBeUndefined();
    let deep: Error = violation;
    for (let depth = 0; depth < 9; depth++) deep = new Error("deeper", { cause: deep });
    expect(policyViolationOf(deep)).toBeUndefined();
  });
});
