// Properties of buildEnforceRequest, the normalization every enforce call goes through: on any
// value it either throws AnthaleValidationError or returns a body the contract accepts, which a
// sample of bodies proves against the Prism mock of the contract itself.
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { AnthaleValidationError } from "../core/errors.js";
import type { EnforceParams } from "../core/types.js";
import { buildEnforceRequest } from "./validation.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const roles = ["system", "user", "assistant", "tool"];
const blockTypes = ["text", "document", "image", "audio", "video"];

/** Mostly right, sometimes anything: the values a caller or a framework mapping may pass. */
const nearly = <T>(right: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: right, weight: 4 }, { arbitrary: fc.jsonValue(), weight: 1 });
const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });
const extra = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), {
  maxKeys: 2,
});

const block = fc
  .tuple(
    fc.record({ type: nearly(fc.constantFrom(...blockTypes)), text: nearly(fc.string()) }),
    extra,
  )
  .map(([fields, more]) => ({ ...more, ...fields }));
const message = fc
  .tuple(
    fc.record({
      role: nearly(fc.constantFrom(...roles)),
      content: nearly(fc.oneof(fc.string(), fc.array(nearly(block), { maxLength: 3 }))),
    }),
    extra,
  )
  .map(([fields, more]) => ({ ...more, ...fields }));
const params = fc.record(
  {
    direction: nearly(fc.constantFrom("input", "output")),
    messages: nearly(fc.array(nearly(message), { maxLength: 4 })),
    metadata: optional(nearly(fc.dictionary(fc.string(), fc.jsonValue()))),
    includeEvaluations: optional(nearly(fc.boolean())),
  },
  { requiredKeys: ["direction", "messages"] },
);
const anyParams = fc.oneof(params, fc.jsonValue(), fc.anything());

function only(keys: string[], value: object): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}

/** The contract's PolicyEnforceRequest, written out: what a body must be to be accepted. */
function isContractValid(body: Record<string, unknown>): boolean {
  const { direction, messages, includeEvaluations, metadata } = body;
  const validBlock = (candidate: Record<string, unknown>) =>
    only(["type", "text"], candidate) &&
    blockTypes.includes(candidate.type as string) &&
    typeof candidate.text === "string";
  const validMessage = (candidate: Record<string, unknown>) =>
    only(["role", "content"], candidate) &&
    roles.includes(candidate.role as string) &&
    (typeof candidate.content === "string" ||
      (Array.isArray(candidate.content) &&
        candidate.content.length > 0 &&
        candidate.content.every(validBlock)));
  return (
    only(["direction", "messages", "includeEvaluations", "metadata"], body) &&
    (direction === "input" || direction === "output") &&
    Array.isArray(messages) &&
    messages.length > 0 &&
    messages.every(validMessage) &&
    (includeEvaluations === undefined || typeof includeEvaluations === "boolean") &&
    (metadata === undefined ||
      (metadata !== null && typeof metadata === "object" && !Array.isArray(metadata)))
  );
}

function build(value: unknown) {
  return buildEnforceRequest(policyId, value as EnforceParams);
}

describe("buildEnforceRequest properties", () => {
  it("throws nothing but AnthaleValidationError, and accepts only contract-valid bodies", () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyParams, (value) => {
        let body: ReturnType<typeof build>;
        try {
          body = build(value);
        } catch (error) {
          expect(error).toBeInstanceOf(AnthaleValidationError);
          expect((error as AnthaleValidationError).path).not.toBe("");
          return;
        }
        accepted++;
        expect(isContractValid(body as unknown as Record<string, unknown>)).toBe(true);
        // The body survives the trip to JSON unchanged (metadata aside, which JSON may normalize).
        const { metadata: _metadata, ...rest } = body;
        expect(JSON.parse(JSON.stringify(rest))).toEqual(rest);
      }),
      { numRuns: 2_000 },
    );
    // Both outcomes were exercised, not only rejections.
    expect(accepted).toBeGreaterThan(20);
  });

  it("accepts well-formed params whatever their text, and keeps every text as given", () => {
    const wellFormed = fc.record({
      direction: fc.constantFrom("input" as const, "output" as const),
      messages: fc.array(
        fc.record({
          role: fc.constantFrom(...(roles as EnforceParams["messages"][number]["role"][])),
          content: fc.oneof(
            fc.string({ unit: "grapheme" }),
            fc.array(
              fc.record({
                type: fc.constantFrom(...(blockTypes as "text"[])),
                text: fc.string({ unit: "binary" }),
              }),
              { minLength: 1, maxLength: 3 },
            ),
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(wellFormed, (value) => {
        expect(build(value).messages).toEqual(value.messages);
      }),
      { numRuns: 500 },
    );
  });

  it("what it accepts, the contract (Prism over anthale.yaml) accepts too", async () => {
    const url = `${inject("prismUrl")}/organizations/policies/${policyId}/enforce`;
    const accepted = fc
      .sample(params, { numRuns: 4_000, seed: 4 })
      .flatMap((value) => {
        try {
          return [build(value)];
        } catch {
          return [];
        }
      })
      .slice(0, 40);
    expect(accepted.length).toBeGreaterThanOrEqual(20);
    for (const body of accepted) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer test-key" },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      expect(response.headers.get("sl-violations"), JSON.stringify(body)).toBeNull();
      expect(response.status).toBe(200);
    }
  });
});
