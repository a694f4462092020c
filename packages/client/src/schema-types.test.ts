// Type-level checks that the generated schema types keep the contract's shape; `tsc` fails on a
// mismatch, and the assertions below keep the examples honest at run time.
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  ContentSafetyEvaluation,
  ContextSafetyEvaluation,
  DataLeakageEvaluation,
  PolicyEnforcementResult,
  PolicyEnforcementResultAction,
  PolicyEnforceRequest,
  PromptInjectionEvaluation,
} from "./index.js";
import { policyEnforcementResultActionValues } from "./index.js";

describe("generated schema types", () => {
  it("name the contract's actions, the same as the generated list of them", () => {
    expectTypeOf<PolicyEnforcementResultAction>().toEqualTypeOf<
      (typeof policyEnforcementResultActionValues)[number]
    >();
    expect([...policyEnforcementResultActionValues].sort()).toEqual(
      expect.arrayContaining(["allow", "block", "detect", "redact"]),
    );
  });

  it("type a request and a result", () => {
    const request: PolicyEnforceRequest = {
      direction: "input",
      includeEvaluations: true,
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      metadata: { tenantId: "acme" },
    };
    const leak: DataLeakageEvaluation = {
      guardrailKey: "data-leakage-prevention",
      action: "redact",
      score: 0.5,
      threads: [
        {
          category: "email",
          score: 0.5,
          span: "a@b.c",
          messageIdentifier: 0,
          contentIdentifier: 0,
        },
      ],
    };
    const others: [PromptInjectionEvaluation, ContentSafetyEvaluation, ContextSafetyEvaluation] = [
      { guardrailKey: "prompt-injection-protection", action: "allow", score: 0 },
      { guardrailKey: "content-moderation", action: "allow", score: 0 },
      { guardrailKey: "topic-control", action: "detect", score: 1 },
    ];
    const result: PolicyEnforcementResult = {
      enforcerIdentifier: "e",
      action: "redact",
      evaluations: [leak, ...others],
    };
    expect(request.messages).toHaveLength(1);
    expect(result.evaluations).toHaveLength(4);
    // @ts-expect-error an unknown direction is not a valid request
    const wrong: PolicyEnforceRequest = { direction: "sideways", messages: [] };
    expect(wrong).toBeDefined();
  });
});
