import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { allowBody, handlerFetch, json, policyId } from "../../test/helpers/handler-fetch.js";
import { spanTexts, useInMemoryTracing } from "../../test/helpers/in-memory-tracing.js";
import { AnthaleValidationError, AuthenticationError } from "../base/errors.js";
import type { EnforceParams } from "../base/types.js";
import { Anthale, type ClientOptions } from "../core/anthale.js";
import { PolicyEnforcer } from "../core/policy-enforcer.js";
import { ENFORCE_SPAN_NAME, RETRY_EVENT_NAME } from "./span-attributes.js";
import type { TracerLike } from "./tracer-types.js";

const tracing = useInMemoryTracing();
const apiKey = "sk-anthale-test-key-0123456789";
const conversation = [{ role: "user" as const, content: "Where is my order 1234?" }];

/** A client whose fetch answers with `answer` (attempt number given). */
function client(
  answer: (attempt: number) => Response | Promise<Response>,
  options: ClientOptions = {},
) {
  const { fetch, requests } = handlerFetch((_request, attempt) => answer(attempt));
  const anthale = new Anthale({
    apiKey,
    baseURL: "http://127.0.0.1:4010",
    maxRetries: 0,
    logLevel: "off",
    fetch,
    ...options,
  });
  return { anthale, requests };
}

const enforce = (anthale: Anthale, direction: "input" | "output" = "input") =>
  anthale.organizations.policies.enforce(policyId, { direction, messages: conversation });

/** The only span of the test named `anthale.enforce`. */
function onlyEnforceSpan(): ReadableSpan {
  const spans = tracing.spansNamed(ENFORCE_SPAN_NAME);
  expect(spans).toHaveLength(1);
  return spans[0] as ReadableSpan;
}

describe("the span of an enforce call", () => {
  it("is a CLIENT span named anthale.enforce with the request's and the decision's attributes", async () => {
    const { anthale } = client(() => json(allowBody, 200, { "request-id": "req_42" }));
    await enforce(anthale);
    const span = onlyEnforceSpan();
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.instrumentationScope.name).toBe("@anthale/sdk");
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      "http.request.method": "POST",
      "server.address": "127.0.0.1",
      "server.port": 4010,
      "url.template": "/organizations/policies/{policy_identifier}/enforce",
      "http.response.status_code": 200,
      "anthale.policy.id": policyId,
      "anthale.direction": "input",
      "anthale.action": "allow",
      "anthale.guardrails.triggered": [],
      "anthale.request_id": "req_42",
      "anthale.attempts": 1,
    });
    expect(span.events).toEqual([]);
  });

  it("is a child of the active span, and the default port and the base URL's path are named", async () => {
    const { anthale } = client(() => json(allowBody), {
      baseURL: "https://anthale.example.test/proxy/",
    });
    await tracing.appTracer.startActiveSpan("chat gpt-test", async (parent) => {
      await enforce(anthale, "input");
      await enforce(anthale, "output");
      parent.end();
    });
    const [input, output] = tracing.spansNamed(ENFORCE_SPAN_NAME);
    const [parent] = tracing.spansNamed("chat gpt-test");
    for (const span of [input, output]) {
      expect(span?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
      expect(span?.spanContext().traceId).toBe(parent?.spanContext().traceId);
      expect(span?.attributes["server.port"]).toBe(443);
      expect(span?.attributes["url.template"]).toBe(
        "/proxy/organizations/policies/{policy_identifier}/enforce",
      );
    }
    expect([input, output].map((span) => span?.attributes["anthale.direction"])).toEqual([
      "input",
      "output",
    ]);
  });

  it("is the active span while the request is sent, so fetch instrumentation nests under it", async () => {
    const seen: (string | undefined)[] = [];
    const { anthale } = client(() => {
      seen.push(trace.getActiveSpan()?.spanContext().spanId);
      return json(allowBody);
    });
    await enforce(anthale);
    expect(seen).toEqual([onlyEnforceSpan().spanContext().spanId]);
  });

  it("lists the triggered guardrails, each once, and a block is a decision, not an error", async () => {
    const { anthale } = client(() =>
      json({
        ...allowBody,
        action: "block",
        evaluations: [
          { guardrailKey: "prompt-injection-protection", action: "block", score: 0.99 },
          { guardrailKey: "content-moderation", action: "allow", score: 0.01 },
          { guardrailKey: "topic-control", action: "detect", score: 0.8 },
          { guardrailKey: "topic-control", action: "detect", score: 0.7 },
          "not an evaluation",
          { action: "block" },
        ],
      }),
    );
    const result = await enforce(anthale);
    expect(result.action).toBe("block");
    const span = onlyEnforceSpan();
    expect(span.attributes["anthale.action"]).toBe("block");
    expect(span.attributes["anthale.guardrails.triggered"]).toEqual([
      "prompt-injection-protection",
      "topic-control",
    ]);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events).toEqual([]);
  });

  it("says whether a redaction is complete", async () => {
    const { anthale } = client(() =>
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
                category: "id",
                score: 0.9,
                span: "1234",
                messageIdentifier: 0,
                contentIdentifier: 0,
              },
            ],
          },
        ],
      }),
    );
    await enforce(anthale);
    const span = onlyEnforceSpan();
    expect(span.attributes["anthale.redaction.complete"]).toBe(true);
    expect(span.attributes["anthale.guardrails.triggered"]).toEqual(["data-leakage-prevention"]);
  });

  it("cuts the server's texts short", async () => {
    const long = "x".repeat(10_000);
    const { anthale } = client(() =>
      json(
        { ...allowBody, action: long, evaluations: [{ guardrailKey: long, action: "block" }] },
        200,
        { "request-id": long },
      ),
    );
    await enforce(anthale);
    const { attributes } = onlyEnforceSpan();
    expect(attributes["anthale.action"]).toBe("x".repeat(128));
    expect(attributes["anthale.request_id"]).toBe("x".repeat(128));
    expect(attributes["anthale.guardrails.triggered"]).toEqual(["x".repeat(128)]);
  });

  it("adds one event per retry, with the attempt, the reason and the wait, and counts the attempts", async () => {
    const answers = [
      json({ error: { message: "busy" } }, 503, { "retry-after": "0" }),
      json({ error: { message: "slow down" } }, 429, { "retry-after": "0" }),
      json(allowBody),
    ];
    const { anthale, requests } = client((attempt) => answers[attempt - 1] as Response, {
      maxRetries: 2,
    });
    await enforce(anthale);
    expect(requests).toHaveLength(3);
    const span = onlyEnforceSpan();
    expect(span.attributes["anthale.attempts"]).toBe(3);
    expect(span.attributes["http.response.status_code"]).toBe(200);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events.map(({ name, attributes }) => ({ name, attributes }))).toEqual([
      {
        name: RETRY_EVENT_NAME,
        attributes: {
          "anthale.attempt": 1,
          "anthale.retry.reason": "503",
          "anthale.retry.delay_ms": 0,
        },
      },
      {
        name: RETRY_EVENT_NAME,
        attributes: {
          "anthale.attempt": 2,
          "anthale.retry.reason": "429",
          "anthale.retry.delay_ms": 0,
        },
      },
    ]);
  });

  it("records a failure as an exception and the ERROR status, without its message", async () => {
    const { anthale } = client(() =>
      json(
        {
          error: {
            message: `Key ${apiKey} refused while reading "Where is my order 1234?"`,
          },
        },
        401,
        { "request-id": "req_7" },
      ),
    );
    await expect(enforce(anthale)).rejects.toBeInstanceOf(AuthenticationError);
    const span = onlyEnforceSpan();
    expect(span.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: "AuthenticationError (status 401)",
    });
    expect(span.attributes).toMatchObject({
      "error.type": "401",
      "http.response.status_code": 401,
      "anthale.request_id": "req_7",
      "anthale.attempts": 1,
    });
    expect(span.attributes).not.toHaveProperty("anthale.fail_open");
    expect(span.attributes).not.toHaveProperty("anthale.action");
    const [exception] = span.events;
    expect(exception?.name).toBe("exception");
    expect(exception?.attributes?.["exception.type"]).toBe("AuthenticationError");
    expect(exception?.attributes?.["exception.message"]).toBe("AuthenticationError (status 401)");
    expect(String(exception?.attributes?.["exception.stacktrace"])).toMatch(
      /^AuthenticationError: AuthenticationError \(status 401\)\n\s+at /,
    );
    const texts = spanTexts(span);
    expect(texts).not.toContain(apiKey);
    expect(texts).not.toContain("order 1234");
    expect(texts).not.toContain("refused");
  });

  it("names a failure without a response by its kind", async () => {
    const { anthale } = client(() => {
      throw new TypeError(`fetch failed for ${apiKey}`);
    });
    await expect(enforce(anthale)).rejects.toThrow(/Connection error/);
    const span = onlyEnforceSpan();
    expect(span.attributes["error.type"]).toBe("APIConnectionError");
    expect(span.attributes).not.toHaveProperty("http.response.status_code");
    expect(span.status.message).toBe("APIConnectionError");
    expect(spanTexts(span)).not.toContain(apiKey);
  });

  it("puts no message content and no metadata value on the span by default", async () => {
    const { anthale } = client(() => json(allowBody));
    await anthale.organizations.policies.enforce(policyId, {
      direction: "input",
      messages: conversation,
      metadata: { tenantId: "tenant-secret-acme" },
    });
    const texts = spanTexts(onlyEnforceSpan());
    expect(texts).not.toContain("order 1234");
    expect(texts).not.toContain("tenant-secret-acme");
    expect(texts).not.toContain("tenantId");
  });

  it("with traceContent, puts the messages and the metadata on the span, the key masked", async () => {
    const { anthale } = client(
      () => json({ error: { message: `bad request for "my key is ${apiKey}"` } }, 422),
      { tracing: { traceContent: true } },
    );
    const messages = [{ role: "user" as const, content: `my key is ${apiKey}` }];
    await expect(
      anthale.organizations.policies.enforce(policyId, {
        direction: "input",
        messages,
        metadata: { tenantId: "acme" },
      }),
    ).rejects.toThrow();
    const span = onlyEnforceSpan();
    expect(span.attributes["anthale.request.messages"]).toBe(
      JSON.stringify([{ role: "user", content: "my key is ***" }]),
    );
    expect(span.attributes["anthale.request.metadata"]).toBe(JSON.stringify({ tenantId: "acme" }));
    expect(span.events[0]?.attributes?.["exception.message"]).toMatch(
      /^UnprocessableEntityError \(status 422\): .*bad request/,
    );
    expect(spanTexts(span)).not.toContain(apiKey);
  });

  describe("with traceContent and a key that JSON would escape (quotes, backslashes)", () => {
    const quotedKey = 'sk-"quoted"\\back-0123456789';

    /** Sends `params` with that key and content tracing; the span, checked to hold no form of the key. */
    async function tracedSpan(params: Omit<EnforceParams, "direction">) {
      const { anthale } = client(() => json(allowBody), {
        apiKey: quotedKey,
        tracing: { traceContent: true },
      });
      await anthale.organizations.policies.enforce(policyId, { direction: "input", ...params });
      const span = onlyEnforceSpan();
      const texts = spanTexts(span);
      expect(texts).not.toContain(quotedKey);
      expect(texts).not.toContain(JSON.stringify(quotedKey).slice(1, -1));
      return span;
    }

    it("masks it in the messages and the metadata values", async () => {
      const span = await tracedSpan({
        messages: [{ role: "user", content: `my key is ${quotedKey}` }],
        metadata: { note: quotedKey },
      });
      expect(span.attributes["anthale.request.messages"]).toBe(
        JSON.stringify([{ role: "user", content: "my key is ***" }]),
      );
      expect(span.attributes["anthale.request.metadata"]).toBe(JSON.stringify({ note: "***" }));
    });

    it("masks it in the metadata keys, at any depth", async () => {
      const span = await tracedSpan({
        messages: [{ role: "user", content: "hello" }],
        metadata: { [quotedKey]: "value", user: { [`team ${quotedKey}`]: ["other"] } },
      });
      expect(span.attributes["anthale.request.metadata"]).toBe(
        JSON.stringify({ "***": "value", user: { "team ***": ["other"] } }),
      );
    });
  });

  it("is made with the tracer given, and not at all with tracing: false", async () => {
    const given = tracing.appTracer;
    const traced = client(() => json(allowBody), { tracing: { tracer: given } });
    await enforce(traced.anthale);
    expect(onlyEnforceSpan().instrumentationScope.name).toBe("test-app");
    const untraced = client(() => json(allowBody), { tracing: false });
    await enforce(untraced.anthale);
    expect(tracing.spans()).toHaveLength(1);
  });

  it("is not made for a call refused for bad input", async () => {
    const { anthale, requests } = client(() => json(allowBody));
    await expect(
      anthale.organizations.policies.enforce(policyId, {
        direction: "sideways" as "input",
        messages: [],
      }),
    ).rejects.toBeInstanceOf(AnthaleValidationError);
    expect(requests).toHaveLength(0);
    expect(tracing.spans()).toHaveLength(0);
  });

  it("refuses a tracing option that is not one", () => {
    const make = (tracingOption: unknown) => () =>
      new Anthale({ apiKey, tracing: tracingOption as ClientOptions["tracing"] });
    expect(make("yes")).toThrow(/options.tracing: must be true, false or an object/);
    expect(make({ tracer: {} })).toThrow(/options.tracing.tracer: must be an OpenTelemetry tracer/);
    expect(make({ traceContent: "yes" })).toThrow(
      /options.tracing.traceContent: must be true or false/,
    );
    expect(make({ traceConten: true })).toThrow(
      /^options\.tracing\.traceConten: is not a tracing option/,
    );
    expect(make({ tracer: null })).toThrow(/^options\.tracing\.tracer: must not be null/);
    expect(make(true)).not.toThrow();
  });

  it("accepts an OpenTelemetry tracer as a TracerLike", () => {
    const tracer: TracerLike = trace.getTracer("any");
    expect(typeof tracer.startActiveSpan).toBe("function");
  });
});

describe("the span of a PolicyEnforcer call", () => {
  const enforcer = (failMode: "open" | "closed", status: number) => {
    const { anthale } = client(() => json({ error: { message: "down" } }, status));
    return new PolicyEnforcer({ policyId, client: anthale, failMode });
  };

  it("says fail_open when an outage lets the messages go on unchecked", async () => {
    const result = await enforcer("open", 503).enforce({
      direction: "input",
      messages: conversation,
    });
    expect(result).toMatchObject({ action: "allow", failedOpen: true });
    const span = onlyEnforceSpan();
    expect(span.attributes["anthale.fail_open"]).toBe(true);
    expect(span.attributes["error.type"]).toBe("503");
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("does not say fail_open when the enforcer fails closed, or the error is not an outage", async () => {
    await expect(
      enforcer("closed", 503).enforce({ direction: "input", messages: conversation }),
    ).rejects.toThrow();
    await expect(
      enforcer("open", 401).enforce({ direction: "input", messages: conversation }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    const spans = tracing.spansNamed(ENFORCE_SPAN_NAME);
    expect(spans).toHaveLength(2);
    for (const span of spans) expect(span.attributes).not.toHaveProperty("anthale.fail_open");
  });

  it("leaves the caller's request options as they were", async () => {
    const options = { timeout: 5_000 };
    await enforcer("open", 503).enforce({ direction: "input", messages: conversation }, options);
    expect(options).toEqual({ timeout: 5_000 });
    const { anthale } = client(() => json({ error: { message: "down" } }, 503));
    await expect(enforce(anthale)).rejects.toThrow();
    await expect(
      anthale.organizations.policies.enforce(
        policyId,
        { direction: "input", messages: conversation },
        options,
      ),
    ).rejects.toThrow();
    const spans = tracing.spansNamed(ENFORCE_SPAN_NAME);
    expect(spans.map((span) => span.attributes["anthale.fail_open"])).toEqual([
      true,
      undefined,
      undefined,
    ]);
  });
});

describe("without a registered tracer provider", () => {
  it("makes no span and changes nothing", async () => {
    tracing.unregister();
    const { anthale, requests } = client(() => json(allowBody));
    const result = await enforce(anthale);
    expect(result.action).toBe("allow");
    expect(requests).toHaveLength(1);
    expect(tracing.spans()).toHaveLength(0);
  });
});
