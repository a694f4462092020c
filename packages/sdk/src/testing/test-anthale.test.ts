import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
} from "../base/errors.js";
import type { EnforceParams } from "../base/types.js";
import { Anthale } from "../core/anthale.js";
import { sequence } from "./decide.js";
import { rateLimited, serviceUnavailable } from "./error-answers.js";
import { connectionRefused, hang, latency } from "./outages.js";
import { allow, block, redact } from "./results.js";
import { createTestAnthale, testPolicyId } from "./test-anthale.js";
import { TestAnthaleError } from "./test-anthale-error.js";

const params: EnforceParams = {
  direction: "input",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: [{ type: "text", text: "Hi, I am jane@example.com" }] },
  ],
  metadata: { tenantId: "acme" },
};

const enforceWith = (
  client: Anthale,
  options?: Parameters<Anthale["organizations"]["policies"]["enforce"]>[2],
) => client.organizations.policies.enforce(testPolicyId, params, options);

afterEach(() => {
  vi.useRealTimers();
});

describe("createTestAnthale", () => {
  it("allows by default and records the request as sent, without the API key", async () => {
    const anthale = createTestAnthale({
      clientOptions: { defaultHeaders: { "x-tenant": "acme" } },
    });
    const result = await enforceWith(anthale.client);
    expect(result.action).toBe("allow");
    expect(result.requestId).toBe("00000000-0000-4000-8000-000000000001");
    expect(result.rateLimit).toEqual({ limit: 1000, remaining: 999, reset: 60 });
    expect(anthale.requests).toEqual([
      {
        policyId: testPolicyId,
        direction: "input",
        messages: params.messages,
        metadata: { tenantId: "acme" },
        includeEvaluations: true,
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          "x-tenant": "acme",
        },
        text: "Be brief.\nHi, I am jane@example.com",
        requestId: "00000000-0000-4000-8000-000000000001",
      },
    ]);
    expect(JSON.stringify(anthale.requests)).not.toContain(anthale.apiKey);
  });

  it("gives decide each request and its count, sync or async, and answers with its decision", async () => {
    const seen: number[] = [];
    const anthale = createTestAnthale({
      decide: async (request, { call }) => {
        seen.push(call);
        return request.text.includes("jane@example.com")
          ? redact({ span: "jane@example.com", category: "email" })
          : "allow";
      },
    });
    const result = await enforceWith(anthale.client);
    expect(result.redactedMessages?.[1]).toEqual({
      role: "user",
      content: [{ type: "text", text: "Hi, I am [REDACTED:email]" }],
    });
    await enforceWith(anthale.client);
    expect(seen).toEqual([1, 2]);
  });

  it("takes one decision for every request, an action's name or a result body", async () => {
    const anthale = createTestAnthale({ decide: "block" });
    expect((await enforceWith(anthale.client)).action).toBe("block");
    anthale.decideWith({ action: "quarantine", evaluations: [] });
    const newer = await enforceWith(anthale.client);
    expect(newer.action).toBe("quarantine");
    expect(newer.enforcerIdentifier).toBe("8d7f3c2a-5b1e-4f6d-9a0c-3e2b1d4c5f6a");
    anthale.reset();
    expect(anthale.requests).toEqual([]);
    expect((await enforceWith(anthale.client)).action).toBe("block");
    expect(anthale.requests[0]?.requestId).toBe("00000000-0000-4000-8000-000000000001");
  });

  it("answers a kit mistake with 400 (never an outage) and keeps the error", async () => {
    const anthale = createTestAnthale({
      decide: () => redact({ span: "absent@example.com", category: "email" }),
    });
    const error = await enforceWith(anthale.client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toMatch(/occurs nowhere in the request's messages/);
    expect((error as Error).message).not.toContain("absent@example.com");
    expect(anthale.errors).toHaveLength(1);
    expect(anthale.errors[0]).toBeInstanceOf(TestAnthaleError);
    anthale.decideWith(() => {
      throw new Error("decide is broken");
    });
    await expect(enforceWith(anthale.client)).rejects.toThrow(/decide failed: decide is broken/);
    anthale.decideWith("redact" as "allow");
    await expect(enforceWith(anthale.client)).rejects.toThrow(/needs the spans to hide/);
    anthale.decideWith(undefined as unknown as "allow");
    await expect(enforceWith(anthale.client)).rejects.toThrow(/decide returned undefined/);
    expect(anthale.errors).toHaveLength(4);
  });

  it("answers 401 to another API key, as the API does", async () => {
    const anthale = createTestAnthale();
    const stranger = new Anthale({
      apiKey: "someone-else",
      fetch: anthale.fetch,
      maxRetries: 0,
      logLevel: "off",
    });
    await expect(enforceWith(stranger)).rejects.toBeInstanceOf(AuthenticationError);
    expect(anthale.requests).toHaveLength(1);
  });

  it("answers 404 to another path and 422 to a body the API refuses, recording neither", async () => {
    const anthale = createTestAnthale();
    const wrongPath = await anthale.fetch("https://api.anthale.test/organizations/policies", {
      method: "POST",
      body: "{}",
    });
    expect(wrongPath.status).toBe(404);
    const badBody = await anthale.fetch(
      `https://api.anthale.test/organizations/policies/${testPolicyId}/enforce`,
      {
        method: "POST",
        body: JSON.stringify({ direction: "sideways", messages: [] }),
      },
    );
    expect(badBody.status).toBe(422);
    expect(await badBody.json()).toMatchObject({
      error: { machineCode: "ValidationError", details: { field: "direction" } },
    });
    expect(anthale.requests).toEqual([]);
  });

  it("counts down the rate-limit window and sends 429 with Retry-After", async () => {
    const anthale = createTestAnthale({
      rateLimit: { limit: 2, reset: 5 },
      decide: sequence(allow(), allow(), rateLimited({ retryAfter: 7 })),
    });
    expect((await enforceWith(anthale.client)).rateLimit).toEqual({
      limit: 2,
      remaining: 1,
      reset: 5,
    });
    expect((await enforceWith(anthale.client)).rateLimit).toEqual({
      limit: 2,
      remaining: 0,
      reset: 5,
    });
    const error = await enforceWith(anthale.client).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, retryAfter: 7 });
  });

  it("answers in turn with sequence, from where decideWith gave it, again after reset", async () => {
    const anthale = createTestAnthale({ decide: sequence("allow", "block") });
    const actions = async (count: number) => {
      const seen: string[] = [];
      for (let i = 0; i < count; i++) seen.push((await enforceWith(anthale.client)).action);
      return seen;
    };
    expect(await actions(3)).toEqual(["allow", "block", "block"]);
    anthale.decideWith(sequence("detect", "allow"));
    expect(await actions(2)).toEqual(["detect", "allow"]);
    anthale.reset();
    expect(await actions(2)).toEqual(["allow", "block"]);
  });

  it("retries through sequence when the client asks for retries", async () => {
    const anthale = createTestAnthale({
      decide: sequence(serviceUnavailable({ retryAfter: 0 }), allow()),
    });
    const client = anthale.createClient({ maxRetries: 1 });
    expect((await enforceWith(client)).action).toBe("allow");
    expect(anthale.requests.map((request) => request.requestId)).toEqual([
      "00000000-0000-4000-8000-000000000001",
      "00000000-0000-4000-8000-000000000002",
    ]);
  });

  it("rejects fetch as Node.js does on a refused connection", async () => {
    const anthale = createTestAnthale({ decide: () => connectionRefused() });
    const rejected = await anthale
      .fetch(`https://api.anthale.test/organizations/policies/${testPolicyId}/enforce`, {
        method: "POST",
        headers: { authorization: `Bearer ${anthale.apiKey}` },
        body: JSON.stringify(params),
      })
      .catch((caught: unknown) => caught);
    expect(rejected).toBeInstanceOf(TypeError);
    expect((rejected as TypeError).message).toBe("fetch failed");
    expect((rejected as TypeError).cause).toMatchObject({
      code: "ECONNREFUSED",
      syscall: "connect",
    });
    await expect(enforceWith(anthale.client)).rejects.toBeInstanceOf(APIConnectionError);
  });

  it("clears a latency's timer when the SDK's timeout aborts the request", async () => {
    vi.useFakeTimers();
    const anthale = createTestAnthale({
      decide: () => latency(60_000, block({ guardrail: "prompt-injection-protection" })),
    });
    const call = enforceWith(anthale.client, { timeout: 1_000 }).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await call).toBeInstanceOf(APIConnectionTimeoutError);
    // The attempt's timer and the latency's are both gone: nothing is left to run.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("lets a latency's answer through once its time has passed", async () => {
    vi.useFakeTimers();
    const anthale = createTestAnthale({
      decide: () => latency(5_000, block({ guardrail: "prompt-injection-protection" })),
    });
    const call = enforceWith(anthale.client);
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await call).action).toBe("block");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("ends a hanging answer with the caller's abort, leaving no listener on the request's signal", async () => {
    const anthale = createTestAnthale({ decide: () => hang() });
    const signals: AbortSignal[] = [];
    const client = new Anthale({
      apiKey: anthale.apiKey,
      maxRetries: 0,
      logLevel: "off",
      fetch: (url, init) => {
        if (init.signal) signals.push(init.signal);
        return anthale.fetch(url, init);
      },
    });
    const controller = new AbortController();
    const call = enforceWith(client, { signal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
    await vi.waitFor(() => expect(anthale.requests).toHaveLength(1));
    expect(getEventListeners(signals[0] as AbortSignal, "abort").length).toBeGreaterThan(0);
    controller.abort();
    expect(await call).toBeInstanceOf(APIUserAbortError);
    expect(getEventListeners(signals[0] as AbortSignal, "abort")).toEqual([]);
  });

  it("refuses bad options at once", () => {
    expect(() => createTestAnthale({ rateLimit: { limit: -1, reset: 1 } })).toThrow(
      TestAnthaleError,
    );
    expect(() => latency(-1)).toThrow(TestAnthaleError);
    expect(() => latency(1, "allow" as never)).toThrow(/builder/);
    expect(() => sequence()).toThrow(TestAnthaleError);
  });
});
