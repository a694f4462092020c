// The test Anthale with the SDK's client and PolicyEnforcer: each action reaches the caller as the
// real API's would, and the fail modes apply to the outages it simulates (no connection, 503, 429,
// a timeout) and not to the errors that are no outage.
import { describe, expect, it } from "vitest";
import {
  AnthalePolicyViolationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  InternalServerError,
  isFailedOpen,
  type Message,
  NotFoundError,
  PermissionDeniedError,
  PolicyEnforcer,
  RateLimitError,
  UnprocessableEntityError,
} from "../../src/index.js";
import {
  allow,
  badGateway,
  block,
  connectionRefused,
  connectionReset,
  createTestAnthale,
  detect,
  forbidden,
  hang,
  notFound,
  rateLimited,
  redact,
  sequence,
  serverError,
  serviceUnavailable,
  type TestDecision,
  testPolicyId,
  unauthorized,
  unprocessable,
} from "../../src/testing/index.js";

const messages: Message[] = [{ role: "user", content: "My email is jane.doe@example.com" }];
const params = { direction: "input" as const, messages, metadata: { userId: "u1" } };

describe("the client on each action", () => {
  it.each([
    ["allow", allow()],
    ["detect", detect({ guardrail: "topic-control", topic: "Politics" })],
    ["block", block({ guardrail: "prompt-injection-protection" })],
  ])("%s resolves with the action, the request id and the rate limit", async (action, decision) => {
    const anthale = createTestAnthale({ decide: () => decision });
    const result = await anthale.client.organizations.policies.enforce(testPolicyId, params);
    expect(result.action).toBe(action);
    expect(result.requestId).toBe(anthale.requests[0]?.requestId);
    expect(result.rateLimit).toEqual({ limit: 1000, remaining: 999, reset: 60 });
    expect(result.redactedMessages).toBeUndefined();
  });

  it("redact resolves with the messages the SDK redacted from the located span", async () => {
    const anthale = createTestAnthale({
      decide: () => redact({ span: "jane.doe@example.com", category: "email" }),
    });
    const result = await anthale.client.organizations.policies.enforce(testPolicyId, params);
    expect(result.redaction).toEqual({ complete: true, source: "spans", unmatched: [] });
    expect(result.redactedMessages).toEqual([
      { role: "user", content: "My email is [REDACTED:email]" },
    ]);
  });

  it("redact on a request without evaluations is reported incomplete, as with the API", async () => {
    const anthale = createTestAnthale({
      decide: () => redact({ span: "jane.doe@example.com", category: "email" }),
    });
    const result = await anthale.client.organizations.policies.enforce(testPolicyId, {
      ...params,
      includeEvaluations: false,
    });
    expect(anthale.requests[0]?.includeEvaluations).toBe(false);
    expect(result.redaction).toMatchObject({ complete: false, problem: "no-spans" });
    expect(result.redactedMessages).toBeUndefined();
  });
});

describe("PolicyEnforcer on the test Anthale", () => {
  const enforcerOf = (decision: TestDecision, failMode: "open" | "closed", maxRetries = 0) => {
    const anthale = createTestAnthale({
      decide: () => decision,
      clientOptions: { maxRetries, timeout: 200 },
    });
    const reported: unknown[] = [];
    const enforcer = new PolicyEnforcer({
      policyId: testPolicyId,
      client: anthale.client,
      failMode,
      metadata: { tenantId: "acme" },
      onError: (error) => void reported.push(error),
    });
    return { anthale, enforcer, reported };
  };

  it("throws on block and merges its metadata into the request", async () => {
    const { anthale, enforcer } = enforcerOf(
      block({ guardrail: "prompt-injection-protection" }),
      "open",
    );
    const error = await enforcer.enforce(params).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect((error as AnthalePolicyViolationError).reason).toBe("blocked");
    expect(anthale.requests[0]?.metadata).toEqual({ tenantId: "acme", userId: "u1" });
  });

  it.each([
    ["connection refused", connectionRefused(), APIConnectionError],
    ["connection reset", connectionReset(), APIConnectionError],
    ["503", serviceUnavailable(), InternalServerError],
    ["502", badGateway(), InternalServerError],
    ["500", serverError(), InternalServerError],
    ["429", rateLimited(), RateLimitError],
    ["a timeout", hang(), APIConnectionTimeoutError],
  ])(
    "fails open on %s, telling onError, and closed throws it",
    async (_name, decision, ErrorClass) => {
      const open = enforcerOf(decision, "open");
      const result = await open.enforcer.enforce(params);
      expect(isFailedOpen(result)).toBe(true);
      expect(result.action).toBe("allow");
      expect(open.reported).toHaveLength(1);
      expect(open.reported[0]).toBeInstanceOf(ErrorClass);
      const closed = enforcerOf(decision, "closed");
      await expect(closed.enforcer.enforce(params)).rejects.toBeInstanceOf(ErrorClass);
      expect(closed.reported).toHaveLength(1);
    },
  );

  it.each([
    ["401", unauthorized(), AuthenticationError],
    ["403", forbidden(), PermissionDeniedError],
    ["404", notFound(), NotFoundError],
    ["422", unprocessable(), UnprocessableEntityError],
  ])("throws %s even with failMode open (no outage)", async (_name, decision, ErrorClass) => {
    const { enforcer, reported } = enforcerOf(decision, "open");
    await expect(enforcer.enforce(params)).rejects.toBeInstanceOf(ErrorClass);
    expect(reported).toEqual([]);
  });

  it("retries an outage when the client retries, and decides on the next answer", async () => {
    const anthale = createTestAnthale({
      decide: sequence(
        connectionReset(),
        rateLimited({ retryAfter: 0 }),
        block({ guardrail: "content-moderation" }),
      ),
      clientOptions: { maxRetries: 2 },
    });
    const enforcer = new PolicyEnforcer({
      policyId: testPolicyId,
      client: anthale.client,
      failMode: "open",
    });
    await expect(enforcer.enforce(params)).rejects.toBeInstanceOf(AnthalePolicyViolationError);
    expect(anthale.requests).toHaveLength(3);
  });
});
