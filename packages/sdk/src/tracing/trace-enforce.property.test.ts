import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { handlerFetch, json, policyId } from "../../test/helpers/handler-fetch.js";
import { spanTexts, useInMemoryTracing } from "../../test/helpers/in-memory-tracing.js";
import { Anthale } from "../core/anthale.js";
import { PolicyEnforcer } from "../core/policy-enforcer.js";

const tracing = useInMemoryTracing();

/** How the fake Anthale answers: each one quotes the key and the content back where it can. */
const outcomes = [
  "allow",
  "block",
  "401",
  "422",
  "503",
  "invalid-json",
  "connection",
  "broken-fetch",
] as const;
type Outcome = (typeof outcomes)[number];

function answer(outcome: Outcome, echo: string, apiKey: string): Response {
  const evaluations = [{ guardrailKey: `pi-${apiKey}`, action: "block", score: 1 }];
  const error = { error: { title: echo, message: echo, details: { echo } } };
  switch (outcome) {
    case "allow":
      return json({ enforcerIdentifier: "e", action: "allow", note: echo }, 200, {
        "request-id": `req-${apiKey}`,
      });
    case "block":
      return json({ enforcerIdentifier: "e", action: "block", evaluations, note: echo });
    case "401":
    case "422":
    case "503":
      return json(error, Number(outcome), { "x-echo": echo.slice(0, 20).replace(/[^\w-]/g, "") });
    case "invalid-json":
      return new Response(`{${echo}`, { headers: { "content-type": "application/json" } });
    case "connection":
      throw new TypeError(`fetch failed: ${echo}`);
    case "broken-fetch":
      return echo as never;
  }
}

// A key, and a marker that stands for the conversation and the metadata: long and random enough
// to be found nowhere else.
const keyArbitrary = fc.stringMatching(/^sk-[A-Za-z0-9]{24,40}$/);
const markerArbitrary = fc.stringMatching(/^[a-z]{12,24}$/).map((text) => `secret-${text}`);

describe("the spans of enforce calls (property)", () => {
  it("never hold the API key, a credential header, the messages or the metadata", async () => {
    await fc.assert(
      fc.asyncProperty(
        keyArbitrary,
        markerArbitrary,
        fc.string({ maxLength: 20 }),
        fc.constantFrom(...outcomes),
        fc.boolean(),
        fc.boolean(),
        async (apiKey, marker, noise, outcome, viaEnforcer, traceContent) => {
          const headerSecret = `${apiKey}-header`;
          const echo = `${noise} key=${apiKey} header=${headerSecret} said ${marker} ${noise}`;
          const { fetch } = handlerFetch(() => answer(outcome, echo, apiKey));
          const anthale = new Anthale({
            apiKey,
            baseURL: "http://127.0.0.1:4010",
            maxRetries: 0,
            logLevel: "off",
            fetch,
            defaultHeaders: { "x-api-key": headerSecret },
            tracing: { traceContent },
          });
          const params = {
            direction: "input" as const,
            messages: [{ role: "user" as const, content: `${noise} ${marker} ${apiKey}` }],
            metadata: { note: marker, nested: { value: `${marker}-${noise}` } },
          };
          const call = viaEnforcer
            ? new PolicyEnforcer({ policyId, client: anthale, failMode: "open" }).enforce(params)
            : anthale.organizations.policies.enforce(policyId, params);
          await call.catch(() => undefined);
          const spans = tracing.spans();
          expect(spans).toHaveLength(1);
          const texts = spanTexts(spans[0] as never);
          tracing.reset();
          expect(texts).not.toContain(apiKey);
          expect(texts).not.toContain(headerSecret);
          if (!traceContent) expect(texts).not.toContain(marker);
        },
      ),
      { numRuns: 300 },
    );
  });
});
