// Properties of the normalizers the integrations use to turn framework payloads into Anthale
// messages: on any JSON (random, or shaped like the frameworks' payloads) they never throw, and
// produce messages the contract accepts, or none; writing a redaction back never throws either.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnthaleValidationError, EnforceResult, Message } from "../../src/index.js";
import {
  contentMapping,
  promptMapping,
} from "../../src/integrations/ai-sdk/language-model-adapter.js";
import { messagesAdapter } from "../../src/integrations/anthropic/messages-adapter.js";
import {
  candidatePieces,
  chunkPieces,
  paramsMapping,
} from "../../src/integrations/google/generate-content-adapter.js";
import { chatCompletionsAdapter } from "../../src/integrations/openai/chat-completions-adapter.js";
import { responsesAdapter } from "../../src/integrations/openai/responses-adapter.js";
import {
  type Adapter,
  PayloadMapping,
  type PayloadPath,
  roleOf,
} from "../../src/integrations/shared/index.js";
import { redactConversation } from "../../src/redaction/redact-messages.js";
import { buildEnforceRequest } from "../../src/request/enforce-request.js";

type Json = Record<string, unknown>;
const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";

/**
 * Field names and type tags the frameworks use, so generated objects look like real payloads.
 * Objects have the usual prototype, as parsed JSON always has.
 */
const keys = [
  ..."messages role content type text tool_calls function arguments custom input output".split(" "),
  ..."instructions system choices message refusal delta item parts contents config".split(" "),
  ..."systemInstruction candidates functionCall functionResponse args thinking source".split(" "),
  ..."data value prompt response output_text output_index content_index part".split(" "),
];
const tags = [
  ..."text input_text output_text message function_call function_call_output tool_use".split(" "),
  ..."tool_result thinking document reasoning tool-call tool-result json error-text".split(" "),
  ..."user assistant system developer tool model function ai".split(" "),
];
const { shaped } = fc.letrec((tie) => ({
  shaped: fc.oneof(
    { maxDepth: 5, depthIdentifier: "shaped" },
    fc.constantFrom(...tags),
    fc.string(),
    fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie("shaped"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...keys), tie("shaped"), { maxKeys: 5, noNullPrototype: true }),
  ),
}));
const anyObject: fc.Arbitrary<Json> = fc.oneof(
  fc.dictionary(fc.constantFrom(...keys), shaped, { maxKeys: 6, noNullPrototype: true }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4, noNullPrototype: true }),
);
const context: fc.Arbitrary<Message[]> = fc.array(
  fc.record({
    role: fc.constantFrom("user", "assistant") as fc.Arbitrary<Message["role"]>,
    content: fc.string(),
  }),
  { maxLength: 2 },
);

/** The messages pass the SDK's own check of the contract, or there are none. */
function expectContractValidOrNone(messages: Message[]): void {
  if (messages.length === 0) return;
  try {
    buildEnforceRequest("https://api.anthale.test", policyId, { direction: "input", messages });
  } catch (error) {
    expect.fail(
      `not contract-valid: ${(error as AnthaleValidationError).message} in ${JSON.stringify(messages)}`,
    );
  }
}

/** A `redact` result flagging a piece of every message, as a server would send it. */
function redactionOf(messages: Message[]): EnforceResult {
  const threads = messages.flatMap((message, messageIdentifier) => {
    const texts =
      typeof message.content === "string"
        ? [message.content]
        : message.content.map((block) => block.text);
    return texts.map((text, contentIdentifier) => ({
      messageIdentifier,
      contentIdentifier,
      span: text.slice(0, Math.ceil(text.length / 2)),
      category: "other",
      score: 1,
    }));
  });
  const evaluations = [
    { guardrailKey: "data-leakage-prevention", action: "redact", score: 1, threads },
  ] as EnforceResult["evaluations"];
  const { messages: redactedMessages, report } = redactConversation(messages, evaluations);
  return {
    action: "redact",
    enforcerIdentifier: "e",
    evaluations,
    ...(redactedMessages && { redactedMessages }),
    redaction: report,
  } as EnforceResult;
}

/** Mappings that held at least one message, so each test can show it did not only see empty ones. */
let mapped = 0;

function checkMapping(mapping: PayloadMapping<unknown>): void {
  if (mapping.messages.length > 0) mapped++;
  expectContractValidOrNone(mapping.messages);
  const result = redactionOf(mapping.messages);
  // A redaction that is not complete (nothing to hide) is refused, never applied halfway.
  if (!result.redaction?.complete) {
    expect(() => mapping.apply(result)).toThrow(/cannot be applied/);
    return;
  }
  mapping.apply(result);
  expectContractValidOrNone(mapping.messagesAfter(result));
}

const runs = { numRuns: 300 };

describe("normalizers never throw and produce contract-valid messages or none", () => {
  beforeEach(() => {
    mapped = 0;
  });
  afterEach((context) => {
    if (!context.task.name.startsWith("roleOf")) expect(mapped).toBeGreaterThan(10);
  });

  it("roleOf maps any value to a contract role", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.constantFrom(...tags)), (value) => {
        expect(["system", "user", "assistant", "tool"]).toContain(roleOf(value));
      }),
    );
  });

  it("PayloadMapping, with any pieces of any payload", () => {
    const path: fc.Arbitrary<PayloadPath> = fc.array(
      fc.oneof(fc.constantFrom(...keys), fc.nat({ max: 3 })),
      { maxLength: 4 },
    );
    const source = fc.record(
      {
        path,
        json: fc.boolean(),
        type: fc.constantFrom("text", "document", "image") as fc.Arbitrary<"text">,
      },
      { requiredKeys: ["path"] },
    );
    fc.assert(
      fc.property(
        shaped,
        fc.array(fc.tuple(fc.jsonValue(), fc.array(source, { maxLength: 4 }))),
        (root, adds) => {
          const mapping = new PayloadMapping(root);
          for (const [role, sources] of adds) mapping.add(roleOf(role), sources);
          checkMapping(mapping);
        },
      ),
      runs,
    );
  });

  const adapters: [string, Adapter<Json, Json, Json>][] = [
    ["OpenAI chat completions", chatCompletionsAdapter],
    ["OpenAI responses", responsesAdapter],
    ["Anthropic messages", messagesAdapter],
  ];
  for (const [name, adapter] of adapters) {
    it(`${name}: requests, answers and stream events`, () => {
      fc.assert(
        fc.property(
          anyObject,
          anyObject,
          context,
          anyObject,
          (body, answer, conversation, event) => {
            checkMapping(adapter.request(body));
            checkMapping(adapter.answer(answer, conversation));
            for (const piece of adapter.chunks().read(event))
              expect(typeof piece.text).toBe("string");
          },
        ),
        runs,
      );
    });
  }

  it("Google GenAI: parameters, candidates and chunks", () => {
    fc.assert(
      fc.property(
        shaped,
        fc.option(shaped, { nil: undefined }),
        shaped,
        (contents, config, response) => {
          checkMapping(paramsMapping({ contents, ...(config === undefined ? {} : { config }) }));
          expect(Array.isArray(candidatePieces(response))).toBe(true);
          for (const piece of chunkPieces(response)) expect(typeof piece.text).toBe("string");
        },
      ),
      runs,
    );
  });

  it("AI SDK: prompts and generated content", () => {
    const message = fc.record({ role: fc.constantFrom(...tags), content: shaped });
    const part = fc
      .dictionary(fc.constantFrom(...keys), shaped, { noNullPrototype: true })
      .map((record) => ({
        type: "text",
        ...record,
      }));
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 4 }),
        fc.array(part, { maxLength: 3 }),
        context,
        (prompt, content, conversation) => {
          checkMapping(promptMapping({ prompt } as unknown as Parameters<typeof promptMapping>[0]));
          checkMapping(
            contentMapping(
              { content } as unknown as Parameters<typeof contentMapping>[0],
              conversation,
            ),
          );
        },
      ),
      runs,
    );
  });
});
