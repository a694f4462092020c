import { describe, expect, it } from "vitest";
import type { Handler } from "../../test/helpers/handler-fetch.js";
import { allowBody, handlerFetch, json, policyId } from "../../test/helpers/handler-fetch.js";
import {
  AnthaleValidationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
  UnprocessableEntityError,
} from "../base/errors.js";
import type { Message } from "../base/types.js";
import { Anthale, type ClientOptions } from "./anthale.js";

const key = "sk-anthale-unit-test-key";
const messages: Message[] = [{ role: "user", content: "My email is jane@x.io" }];
const params = { direction: "input" as const, messages };

function setup(handler: Handler, options: ClientOptions = {}) {
  const recorded = handlerFetch(handler);
  const client = new Anthale({ apiKey: key, fetch: recorded.fetch, logLevel: "off", ...options });
  return {
    client,
    requests: recorded.requests,
    enforce: client.organizations.policies.enforce.bind(client.organizations.policies),
  };
}

const noWait = { "retry-after": "0" };

describe("enforce: the request", () => {
  it("POSTs the validated body to the policy's enforce path", async () => {
    const { enforce, requests } = setup(() => json(allowBody));
    await enforce(policyId, { ...params, metadata: { tenantId: "acme" } });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(new URL(request!.url).pathname).toBe(`/organizations/policies/${policyId}/enforce`);
    expect(await request?.json()).toEqual({
      direction: "input",
      includeEvaluations: true,
      messages,
      metadata: { tenantId: "acme" },
    });
  });

  it("sends nothing when the input is invalid", async () => {
    const { enforce, requests } = setup(() => json(allowBody));
    await expect(enforce("not-a-uuid", params)).rejects.toBeInstanceOf(AnthaleValidationError);
    await expect(enforce(policyId, { direction: "input", messages: [] })).rejects.toThrow(
      /^messages: /,
    );
    expect(requests).toHaveLength(0);
  });
});

describe("enforce: the result", () => {
  it("returns the body with requestId and rateLimit", async () => {
    const { enforce } = setup(() =>
      json(allowBody, 200, {
        "request-id": "req-1",
        "ratelimit-limit": "10",
        "ratelimit-remaining": "9",
        "ratelimit-reset": "5",
      }),
    );
    expect(await enforce(policyId, params)).toEqual({
      ...allowBody,
      requestId: "req-1",
      rateLimit: { limit: 10, remaining: 9, reset: 5 },
    });
  });

  it("computes redactedMessages on redact", async () => {
    const { enforce } = setup(() =>
      json({
        ...allowBody,
        action: "redact",
        evaluations: [
          {
            guardrailKey: "data-leakage-prevention",
            action: "redact",
            score: 0.9,
            threads: [
              {
                category: "email",
                score: 0.9,
                span: "jane@x.io",
                messageIdentifier: 0,
                contentIdentifier: 0,
              },
            ],
          },
        ],
      }),
    );
    const result = await enforce(policyId, params);
    expect(result.redactedMessages).toEqual([
      { role: "user", content: "My email is [REDACTED:email]" },
    ]);
    expect(messages[0]?.content).toBe("My email is jane@x.io");
  });

  it("keeps the server's redactedMessages when it sends them", async () => {
    const fromServer = [{ role: "user", content: "My email is [REDACTED]" }];
    const { enforce } = setup(() =>
      json({ ...allowBody, action: "redact", evaluations: [], redactedMessages: fromServer }),
    );
    expect((await enforce(policyId, params)).redactedMessages).toEqual(fromServer);
  });

  it("leaves redactedMessages out when evaluations were turned off", async () => {
    const { enforce, requests } = setup(() => json({ ...allowBody, action: "redact" }));
    const result = await enforce(policyId, { ...params, includeEvaluations: false });
    expect(result.action).toBe("redact");
    expect(result.redactedMessages).toBeUndefined();
    expect(
      ((await requests[0]!.json()) as { includeEvaluations: boolean }).includeEvaluations,
    ).toBe(false);
  });

  it("resolves on block and passes an unknown action through", async () => {
    const { enforce } = setup((_request, attempt) =>
      json({ ...allowBody, action: attempt === 1 ? "block" : "quarantine" }),
    );
    expect((await enforce(policyId, params)).action).toBe("block");
    expect((await enforce(policyId, params)).action).toBe("quarantine");
  });

  it.each([
    [
      "malformed JSON",
      () => new Response("{not json", { headers: { "content-type": "application/json" } }),
      /not valid JSON/,
    ],
    ["a body without action", () => json({ enforcerIdentifier: "x" }), /lacks `action`/],
    ["a body that is not an object", () => json([1, 2]), /an array/],
    [
      "a non-JSON content type",
      () => new Response("<html></html>", { headers: { "content-type": "text/html" } }),
      /text\/html/,
    ],
  ])("rejects %s with InvalidResponseError, without retrying", async (_name, answer, message) => {
    const { enforce, requests } = setup(answer);
    const error = await enforce(policyId, params).catch((caught) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(message);
    expect(requests).toHaveLength(1);
  });
});

describe("enforce: retries", () => {
  it("retries 408, 409, 429 and 5xx, then succeeds", async () => {
    const statuses = [408, 409, 429, 500, 503];
    const { enforce, requests } = setup((_request, attempt) =>
      attempt <= statuses.length ? json({}, statuses[attempt - 1], noWait) : json(allowBody),
    );
    expect((await enforce(policyId, params, { maxRetries: 5 })).action).toBe("allow");
    expect(requests).toHaveLength(6);
  });

  it("gives up after maxRetries with the last error", async () => {
    const { enforce, requests } = setup(() =>
      json({ error: { title: "t", machineCode: "m", message: "down" } }, 502, noWait),
    );
    const error = await enforce(policyId, params).catch((caught) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(requests).toHaveLength(3);
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [422, UnprocessableEntityError],
  ])("never retries %i", async (status, ErrorClass) => {
    const { enforce, requests } = setup(() => json({}, status, noWait));
    await expect(enforce(policyId, params)).rejects.toBeInstanceOf(ErrorClass);
    expect(requests).toHaveLength(1);
  });

  it("retries connection errors", async () => {
    const { enforce, requests } = setup((_request, attempt) => {
      if (attempt === 1)
        throw new TypeError("fetch failed", {
          cause: new Error("connect ECONNREFUSED 127.0.0.1:1"),
        });
      return json(allowBody);
    });
    expect((await enforce(policyId, params)).action).toBe("allow");
    expect(requests).toHaveLength(2);
  });

  it("reports a connection error with its cause once retries run out", async () => {
    const { enforce } = setup(() => {
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") });
    });
    const error = await enforce(policyId, params, { maxRetries: 0 }).catch((caught) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("waits as long as Retry-After says", async () => {
    const { enforce, requests } = setup((_request, attempt) =>
      attempt === 1 ? json({}, 429, { "retry-after": "1" }) : json(allowBody),
    );
    const started = Date.now();
    await enforce(policyId, params);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(requests).toHaveLength(2);
  });

  it("backs off exponentially without Retry-After", async () => {
    const { enforce } = setup((_request, attempt) =>
      attempt <= 2 ? json({}, 500) : json(allowBody),
    );
    const started = Date.now();
    await enforce(policyId, params);
    // 500 ms then 1000 ms, each less up to 25% jitter.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1125 - 10);
  });

  it("reports a 429 as RateLimitError with retryAfter", async () => {
    const { enforce } = setup(() => json({}, 429, { "retry-after": "0" }));
    const error = await enforce(policyId, params, { maxRetries: 0 }).catch((caught) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(0);
  });
});

describe("enforce: timeouts and aborts", () => {
  const hang: Handler = (request) =>
    new Promise((_resolve, reject) =>
      request.signal.addEventListener("abort", () => reject(request.signal.reason)),
    );

  it("times out each attempt and retries", async () => {
    const { enforce, requests } = setup(hang, { timeout: 50 });
    const error = await enforce(policyId, params, { maxRetries: 1 }).catch((caught) => caught);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toContain("50 ms");
    expect(requests).toHaveLength(2);
  });

  it("takes a per-request timeout", async () => {
    const { enforce } = setup(hang);
    await expect(enforce(policyId, params, { timeout: 20, maxRetries: 0 })).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
  });

  it("stops at once when the caller aborts, and never retries", async () => {
    const controller = new AbortController();
    const { enforce, requests } = setup(hang);
    setTimeout(() => controller.abort(), 20);
    // The handler never answers: only the abort can end the call (no wall-clock bound needed).
    await expect(enforce(policyId, params, { signal: controller.signal })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(requests).toHaveLength(1);
  });

  it("stops during the backoff when the caller aborts", async () => {
    const controller = new AbortController();
    const { enforce, requests } = setup(() => json({}, 503, { "retry-after": "30" }));
    setTimeout(() => controller.abort(), 50);
    await expect(enforce(policyId, params, { signal: controller.signal })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(requests).toHaveLength(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const { enforce, requests } = setup(() => json(allowBody));
    await expect(enforce(policyId, params, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(requests).toHaveLength(0);
  });
});

describe("enforce: logging", () => {
  it("logs requests at debug with the key hidden, and retries at warn", async () => {
    const lines: string[] = [];
    const record = (...args: unknown[]) =>
      lines.push(
        args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "),
      );
    const { enforce } = setup(
      (_request, attempt) => (attempt === 1 ? json({}, 500, noWait) : json(allowBody)),
      {
        logLevel: "debug",
        logger: { error: record, warn: record, info: record, debug: record },
        defaultHeaders: { Authorization: `Bearer ${key}` },
      },
    );
    await enforce(policyId, params);
    expect(lines.some((line) => line.includes("POST") && line.includes("***"))).toBe(true);
    expect(lines.some((line) => line.includes("retrying"))).toBe(true);
    expect(lines.join("\n")).not.toContain(key);
  });
});
