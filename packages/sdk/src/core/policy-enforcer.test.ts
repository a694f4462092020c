import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { allowBody, handlerFetch, json, policyId } from "../../test/helpers/handler-fetch.js";
import { AnthalePolicyViolationError, AnthaleValidationError } from "../base/errors.js";
import { Anthale } from "./anthale.js";
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

/** Evaluations flagging `span` as an email, pointing at a message that does not exist. */
function leakOf(span: string) {
  return [
    {
      guardrailKey: "data-leakage-prevention",
      action: "redact",
      score: 0.9,
      threads: [
        { span, category: "email", score: 0.9, messageIdentifier: 5, contentIdentifier: 0 },
      ],
    },
  ];
}

describe("PolicyEnforcer", () => {
  it.each(["allow", "detect"])("returns the result on %s", async (action) => {
    const { enforcer } = enforcerAnswering({ action });
    expect((await enforcer.enforce(input)).action).toBe(action);
  });

  it("returns the result, with complete redactedMessages, on a redact it can apply", async () => {
    const { enforcer } = enforcerAnswering({ action: "redact", evaluations: leakOf("hi") });
    const result = await enforcer.enforce(input);
    expect(result.action).toBe("redact");
    expect(result.redaction?.complete).toBe(true);
    expect(result.redactedMessages).toEqual([{ role: "user", content: "[REDACTED:email]" }]);
  });

  it.each([
    ["block", "blocked"],
    ["quarantine", "unknown-action"],
  ])("throws AnthalePolicyViolationError on %s", async (action, reason) => {
    const { enforcer } = enforcerAnswering({ action });
    const error = await enforcer
      .enforce({ ...input, direction: "output" })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect(error.direction).toBe("output");
    expect(error.reason).toBe(reason);
    expect(error.enforcerIdentifier).toBe(allowBody.enforcerIdentifier);
    expect(error.result.action).toBe(action);
  });

  const incomplete: [string, Record<string, unknown>, string][] = [
    ["no evaluations", { action: "redact" }, "names no span to hide"],
    [
      "another guardrail's redact",
      {
        action: "redact",
        evaluations: [{ guardrailKey: "content-moderation", action: "redact", score: 1 }],
      },
      "names no span to hide",
    ],
    [
      "a span not in the messages",
      { action: "redact", evaluations: leakOf("jane.doe@example.com") },
      "1 flagged span was not found",
    ],
    [
      "invalid server messages and no span",
      { action: "redact", redactedMessages: [{ foo: 1 }] },
      "names no span to hide",
    ],
  ];
  for (const [name, body, says] of incomplete) {
    for (const failMode of ["closed", "open"] as const) {
      it(`throws on a redaction it cannot apply (${name}), with failMode "${failMode}"`, async () => {
        const { fetch } = handlerFetch(() => json({ ...allowBody, ...body }));
        const client = new Anthale({ apiKey: "k", fetch, logLevel: "off" });
        const errors: unknown[] = [];
        const enforcer = new PolicyEnforcer({
          policyId,
          client,
          failMode,
          onError: (error) => {
            errors.push(error);
          },
        });
        const error = await enforcer.enforce(input).catch((caught) => caught);
        expect(error).toBeInstanceOf(AnthalePolicyViolationError);
        expect(error.reason).toBe("incomplete-redaction");
        expect(error.direction).toBe("input");
        expect(error.message).toContain("the redaction could not be applied");
        expect(error.message).toContain(says);
        expect(error.message).not.toContain("jane.doe@example.com");
        expect(error.result.redaction.complete).toBe(false);
        expect(error.result.redactedMessages).toBeUndefined();
        expect(errors).toEqual([]);
      });
    }
  }

  it("never prints the flagged spans when the error is logged", async () => {
    const { enforcer } = enforcerAnswering({
      action: "redact",
      evaluations: leakOf("jane.doe@example.com"),
    });
    const error = await enforcer.enforce(input).catch((caught) => caught);
    expect(inspect(error, { depth: 10 })).not.toContain("jane.doe@example.com");
    expect(JSON.stringify(error)).not.toContain("jane.doe@example.com");
    expect(error.result.evaluations[0].threads[0].span).toBe("jane.doe@example.com");
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
