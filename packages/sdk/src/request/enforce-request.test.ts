import type { PolicyEnforcementResult, PolicyEnforceRequest, paths } from "@anthale/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import {
  buildEnforceBody,
  buildEnforceRequest,
  type EnforceRequestBody,
  type EnforceResponseBody,
  enforcePathTemplate,
} from "./enforce-request.js";

const baseURL = "https://api.anthale.test";
const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const user = { role: "user", content: "Hi" };

function failure(run: () => unknown): AnthaleValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AnthaleValidationError);
    return error as AnthaleValidationError;
  }
  throw new Error("expected an AnthaleValidationError");
}

describe("buildEnforceRequest", () => {
  it("sends to the contract's path under the base URL", () => {
    const { url } = buildEnforceRequest(baseURL, policyId, {
      direction: "input",
      messages: [user],
    });
    expect(url).toBe(`${baseURL}/organizations/policies/${policyId}/enforce`);
    expect(enforcePathTemplate).toBe("/organizations/policies/{policy_identifier}/enforce");
  });

  it("checks the policy identifier first, and never quotes it back", () => {
    const error = failure(() => buildEnforceRequest(baseURL, "../../admin", { messages: 1 }));
    expect(error.path).toBe("policyIdentifier");
    expect(error.message).not.toContain("admin");
  });

  it("builds the body from the checked params", () => {
    const { body } = buildEnforceRequest(baseURL, policyId, {
      direction: "output",
      messages: [{ role: "assistant", content: [{ type: "text", text: "Hello", extra: 1 }] }],
      metadata: { tenantId: "acme" },
      unknownOption: true,
    });
    expect(body).toStrictEqual({
      direction: "output",
      messages: [{ role: "assistant", content: [{ type: "text", text: "Hello" }] }],
      includeEvaluations: true,
      metadata: { tenantId: "acme" },
    });
  });
});

describe("buildEnforceBody", () => {
  it("asks for evaluations unless told not to, and has metadata only when given", () => {
    expect(buildEnforceBody({ direction: "input", messages: [user] })).toStrictEqual({
      direction: "input",
      messages: [user],
      includeEvaluations: true,
    });
    expect(
      buildEnforceBody({ direction: "input", messages: [user], includeEvaluations: false }),
    ).toStrictEqual({ direction: "input", messages: [user], includeEvaluations: false });
  });

  it("is what was checked: serializing it runs no caller code", () => {
    let reads = 0;
    const message = {
      role: "user",
      get content() {
        reads++;
        return reads === 1 ? "checked" : { not: "checked" };
      },
    };
    const body = buildEnforceBody({ direction: "input", messages: [message] });
    expect(JSON.parse(JSON.stringify(body))).toStrictEqual({
      direction: "input",
      messages: [{ role: "user", content: "checked" }],
      includeEvaluations: true,
    });
    expect(reads).toBe(1);
  });

  it("refuses what the contract would not accept, naming where", () => {
    expect(failure(() => buildEnforceBody({ direction: "input", messages: [] })).path).toBe(
      "messages",
    );
    expect(failure(() => buildEnforceBody(null)).path).toBe("params");
  });
});

describe("the request and answer types", () => {
  it("are the generated operation's", () => {
    expectTypeOf<
      typeof enforcePathTemplate
    >().toEqualTypeOf<"/organizations/policies/{policy_identifier}/enforce">();
    expectTypeOf<typeof enforcePathTemplate>().toExtend<keyof paths>();
    expectTypeOf<EnforceRequestBody>().toEqualTypeOf<PolicyEnforceRequest>();
    expectTypeOf<EnforceResponseBody>().toEqualTypeOf<PolicyEnforcementResult>();
  });
});
