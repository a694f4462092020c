// An application where `@opentelemetry/api` cannot be loaded (as when it is not installed, or in
// a bundle without it): every enforce call goes on as before, untraced, with no warning.
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Anthale, PolicyEnforcer } from "../../src/index.js";
import { allowBody, handlerFetch, json, policyId } from "../helpers/handler-fetch.js";
import { captureLogger } from "../security/capture-logger.js";

// Every import of the package fails, the SDK's lazy one included.
vi.mock("@opentelemetry/api", () => {
  throw new Error("Cannot find package '@opentelemetry/api'");
});

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const consoleSpies = (["warn", "error", "info", "log", "debug"] as const).map((method) =>
  vi.spyOn(console, method),
);
afterAll(() => vi.restoreAllMocks());

const messages = [{ role: "user" as const, content: "Hello" }];

function client(options: ConstructorParameters<typeof Anthale>[0] = {}) {
  const logger = captureLogger();
  const { fetch, requests } = handlerFetch((_request, attempt) =>
    attempt === 1
      ? json({ error: { message: "busy" } }, 503, { "retry-after": "0" })
      : json(allowBody),
  );
  const anthale = new Anthale({
    apiKey: "test-key",
    baseURL: "http://127.0.0.1:4010",
    fetch,
    maxRetries: 1,
    logLevel: "debug",
    logger,
    ...options,
  });
  return { anthale, requests, logger };
}

describe("when @opentelemetry/api cannot be loaded", () => {
  it("enforces as before, untraced, with no word about tracing, on the first call and the next", async () => {
    // The actual API, registered as an application would: the SDK cannot reach it.
    const actual = await vi.importActual<typeof import("@opentelemetry/api")>("@opentelemetry/api");
    actual.trace.setGlobalTracerProvider(provider);
    try {
      const { anthale, requests, logger } = client();
      const first = await anthale.organizations.policies.enforce(policyId, {
        direction: "input",
        messages,
      });
      const enforcer = new PolicyEnforcer({ policyId, client: anthale });
      const second = await enforcer.enforce({ direction: "output", messages });
      expect([first.action, second.action]).toEqual(["allow", "allow"]);
      expect(requests).toHaveLength(3);
      expect(exporter.getFinishedSpans()).toHaveLength(0);
      expect(logger.lines.filter(({ text }) => /telemetry|trac/i.test(text))).toEqual([]);
      for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();

      // The same setup does trace when the tracer is given: the test above could have failed.
      const traced = client({ tracing: { tracer: provider.getTracer("given") } });
      await traced.anthale.organizations.policies.enforce(policyId, {
        direction: "input",
        messages,
      });
      expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(["anthale.enforce"]);
    } finally {
      actual.trace.disable();
    }
  });
});
