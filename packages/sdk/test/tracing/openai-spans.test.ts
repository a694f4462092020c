// The spans of a guarded OpenAI call, as an application tracing its model calls sees them: the
// input and output checks under the application's own span, a retry, a block, a failure that
// fails open, and Prism (the contract's mock) answering.
import { SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import OpenAI from "openai";
import { describe, expect, inject, it } from "vitest";
import { Anthale, AnthalePolicyViolationError } from "../../src/index.js";
import { guardOpenAI } from "../../src/integrations/openai/index.js";
import type { GuardOptions } from "../../src/integrations/shared/index.js";
import { spanTexts, useInMemoryTracing } from "../helpers/in-memory-tracing.js";
import { policyId } from "../integrations/helpers/fake-anthale.js";
import { openaiHandler } from "../integrations/helpers/openai-fake.js";
import { useTestbed } from "../integrations/helpers/testbed.js";

const bed = useTestbed(openaiHandler);
const tracing = useInMemoryTracing();

const MODEL_SPAN = "chat gpt-test";

/** An OpenAI client of the fake provider, guarded with `options` over the testbed's. */
function guarded(options: Partial<GuardOptions> = {}) {
  const openai = new OpenAI({ apiKey: "sk-test", baseURL: bed.provider.url, maxRetries: 0 });
  return guardOpenAI(openai, bed.guardOptions(options));
}

/** Calls the model inside the application's own span, as a traced application does. */
function modelCall<T>(call: () => Promise<T>): Promise<T> {
  return tracing.appTracer.startActiveSpan(MODEL_SPAN, async (span) => {
    try {
      return await call();
    } finally {
      span.end();
    }
  });
}

const ask = (content: string) => ({
  model: "gpt-test",
  messages: [{ role: "user" as const, content }],
});

/** The application's span and the check spans, with each check span's parent. */
function spanTree() {
  const [model] = tracing.spansNamed(MODEL_SPAN);
  const checks = tracing.spansNamed("anthale.enforce");
  return {
    model: model as ReadableSpan,
    checks,
    parents: checks.map((span) => span.parentSpanContext?.spanId),
    directions: checks.map((span) => span.attributes["anthale.direction"]),
  };
}

describe("the spans of a guarded OpenAI call", () => {
  it("puts the input and the output check under the application's model-call span", async () => {
    const completion = await modelCall(() => guarded().chat.completions.create(ask("Hello")));
    expect(completion.choices[0]?.message.content).toBe("echo: Hello");
    const { model, checks, parents, directions } = spanTree();
    expect(tracing.spans()).toHaveLength(3);
    expect(directions).toEqual(["input", "output"]);
    expect(parents).toEqual([model.spanContext().spanId, model.spanContext().spanId]);
    for (const check of checks) {
      expect(check.spanContext().traceId).toBe(model.spanContext().traceId);
      expect(check.attributes).toMatchObject({
        "anthale.action": "allow",
        "anthale.policy.id": policyId,
        "http.response.status_code": 200,
        "anthale.attempts": 1,
      });
      expect(check.status.code).toBe(SpanStatusCode.UNSET);
    }
    // The input check ended first, then the output check, then the model's span: the exporter
    // receives spans as they end (an order, not timestamps, which can disagree by a fraction of a
    // millisecond between spans on a loaded machine).
    expect(
      tracing.spans().map((span) => span.attributes["anthale.direction"] ?? span.name),
    ).toEqual(["input", "output", model.name]);
    expect(spanTexts(checks[0] as ReadableSpan)).not.toContain("Hello");
  });

  it("shows a retry of a check as an event of its span", async () => {
    let calls = 0;
    const client = new Anthale({
      apiKey: "test-key",
      baseURL: bed.anthale.url,
      maxRetries: 1,
      logLevel: "off",
      fetch: (url, init) =>
        ++calls === 1
          ? Promise.resolve(new Response("busy", { status: 503, headers: { "retry-after": "0" } }))
          : fetch(url, init),
    });
    await modelCall(() => guarded({ client }).chat.completions.create(ask("Hello")));
    const { checks, directions } = spanTree();
    expect(directions).toEqual(["input", "output"]);
    const [input, output] = checks;
    expect(input?.attributes["anthale.attempts"]).toBe(2);
    expect(input?.events.map(({ name, attributes }) => ({ name, attributes }))).toEqual([
      {
        name: "anthale.retry",
        attributes: {
          "anthale.attempt": 1,
          "anthale.retry.reason": "503",
          "anthale.retry.delay_ms": 0,
        },
      },
    ]);
    expect(output?.attributes["anthale.attempts"]).toBe(1);
    expect(output?.events).toEqual([]);
  });

  it("shows a block as the input check's decision, not an error, and no output check", async () => {
    await expect(
      modelCall(() => guarded().chat.completions.create(ask("BLOCKME please"))),
    ).rejects.toBeInstanceOf(AnthalePolicyViolationError);
    expect(bed.provider.requests).toHaveLength(0);
    const { checks, directions, parents, model } = spanTree();
    expect(directions).toEqual(["input"]);
    expect(parents).toEqual([model.spanContext().spanId]);
    expect(checks[0]?.attributes["anthale.action"]).toBe("block");
    expect(checks[0]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(checks[0]?.events).toEqual([]);
  });

  it("marks the checks that failed open, with the error recorded", async () => {
    bed.anthale.failWith = 503;
    const completion = await modelCall(() =>
      guarded({ failMode: "open", onError: () => {} }).chat.completions.create(ask("Hello")),
    );
    expect(completion.choices[0]?.message.content).toBe("echo: Hello");
    const { checks, directions } = spanTree();
    expect(directions).toEqual(["input", "output"]);
    for (const check of checks) {
      expect(check.attributes).toMatchObject({
        "anthale.fail_open": true,
        "error.type": "503",
        "http.response.status_code": 503,
      });
      expect(check.status.code).toBe(SpanStatusCode.ERROR);
      expect(check.events.map((event) => event.name)).toEqual(["exception"]);
      expect(check.attributes).not.toHaveProperty("anthale.action");
    }
  });

  it("does not mark a check that failed closed", async () => {
    bed.anthale.failWith = 503;
    await expect(
      modelCall(() => guarded({ onError: () => {} }).chat.completions.create(ask("Hello"))),
    ).rejects.toThrow();
    const { checks } = spanTree();
    expect(checks).toHaveLength(1);
    expect(checks[0]?.attributes).not.toHaveProperty("anthale.fail_open");
    expect(checks[0]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("traces the checks answered by Prism, the contract's mock", async () => {
    const client = new Anthale({
      apiKey: "test-key",
      baseURL: inject("prismUrl"),
      maxRetries: 0,
      logLevel: "off",
      fetch: (url, init) => {
        const request = new Request(url, init);
        request.headers.set("Prefer", "example=block");
        return fetch(request);
      },
    });
    await expect(
      modelCall(() => guarded({ client }).chat.completions.create(ask("Hello"))),
    ).rejects.toBeInstanceOf(AnthalePolicyViolationError);
    const { checks, parents, model } = spanTree();
    expect(parents).toEqual([model.spanContext().spanId]);
    expect(checks[0]?.attributes).toMatchObject({
      "anthale.action": "block",
      "http.response.status_code": 200,
      "server.address": new URL(inject("prismUrl")).hostname,
    });
    const triggered = checks[0]?.attributes["anthale.guardrails.triggered"] ?? [];
    expect((triggered as string[]).length).toBeGreaterThan(0);
  });
});
