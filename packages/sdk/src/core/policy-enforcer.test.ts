import { describe, expect, it, vi } from "vitest";
import { allowBody, handlerFetch, json, policyId } from "../../test/helpers/handler-fetch.js";
import { Anthale } from "./anthale.js";
import { AnthalePolicyViolationError, AnthaleValidationError } from "./errors.js";
import { PolicyEnforcer } from "./policy-enforcer.js";

function enforcerAnswering(body: Record<string, unknown>, metadata?: Record<string, unknown>) {
  const { fetch, requests } = handlerFetch(() => json({ ...allowBody, ...body }));
  const client = new Anthale({ apiKey: "k", fetch, logLevel: "off" });
  return {
    enforcer: new PolicyEnforcer({ policyId, client, ...(metadata ? { metadata } : {}) }),
    requests,
  };
}

const input = { direction: "input" as const, messages: [{ role: "user" as const, content: "hi" }] };

describe("PolicyEnforcer", () => {
  it.each(["allow", "detect", "redact"])("returns the result on %s", async (action) => {
    const { enforcer } = enforcerAnswering({ action });
    expect((await enforcer.enforce(input)).action).toBe(action);
  });

  it.each(["block", "quarantine"])("throws AnthalePolicyViolationError on %s", async (action) => {
    const { enforcer } = enforcerAnswering({ action });
    const error = await enforcer
      .enforce({ ...input, direction: "output" })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.direction).toBe("output");
    expect(error.enforcerIdentifier).toBe(allowBody.enforcerIdentifier);
    expect(error.result.action).toBe(action);
  });

  it("merges per-call metadata over its own", async () => {
    const { enforcer, requests } = enforcerAnswering({}, { app: "bot", user: "a" });
    await enforcer.enforce({ ...input, metadata: { user: "b", turn: 2 } });
    expect(((await requests[0]!.json()) as { metadata: unknown }).metadata).toEqual({
      app: "bot",
      user: "b",
      turn: 2,
    });
  });

  it("tells onError the policy, direction and fail mode, and metadata only when there is some", async () => {
    const { fetch } = handlerFetch(() => json({ error: { title: "down" } }, 500));
    const client = new Anthale({ apiKey: "k", fetch, logLevel: "off", maxRetries: 0 });
    const contexts: unknown[] = [];
    const enforcer = new PolicyEnforcer({
      policyId,
      client,
      failMode: "open",
      onError: (_error, context) => {
        contexts.push(context);
      },
    });
    await enforcer.enforce(input);
    await enforcer.enforce({ ...input, metadata: { turn: 1 } });
    expect(contexts[0]).toStrictEqual({ policyId, direction: "input", failMode: "open" });
    expect(contexts[1]).toStrictEqual({
      policyId,
      direction: "input",
      failMode: "open",
      metadata: { turn: 1 },
    });
  });

  it("sends no metadata when there is none", async () => {
    const { enforcer, requests } = enforcerAnswering({});
    await enforcer.enforce(input);
    expect(await requests[0]?.json()).not.toHaveProperty("metadata");
  });

  it("checks the policy identifier at construction", () => {
    expect(() => new PolicyEnforcer({ policyId: "nope", apiKey: "k" })).toThrow(
      AnthaleValidationError,
    );
    expect(() => new PolicyEnforcer({ policyId: "nope", apiKey: "k" })).toThrow(
      /options\.policyId/,
    );
  });

  it("builds its own client from apiKey or the environment", () => {
    vi.stubEnv("ANTHALE_API_KEY", "from-env");
    expect(new PolicyEnforcer({ policyId }).client).toBeInstanceOf(Anthale);
    expect(new PolicyEnforcer({ policyId, apiKey: "k" }).client).toBeInstanceOf(Anthale);
    vi.unstubAllEnvs();
  });
});
