// The edge checks' three parts agree, and the expectations can fail: the worker's checks
// (fixtures/edge/checks.mjs) run here in Node.js against the fake Anthale meet every expectation,
// and a wrong answer or a wrong count of requests is reported as a problem.
import { testApiKey } from "@anthale/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleCheck } from "../fixtures/edge/checks.mjs";
import { edgeCheckNames, expectations } from "./edge-expectations.mjs";
import { startFakeAnthale } from "./fake-anthale.mjs";

let fake;
beforeAll(async () => {
  fake = await startFakeAnthale();
});
afterAll(async () => {
  await fake?.stop();
});

/** Runs one check of the worker in this process; resolves to its answer and what the fake got. */
async function runCheck(check) {
  const before = fake.requests.length;
  const floodsBefore = fake.floods.length;
  const url = new URL(`http://worker.test/${check}`);
  url.searchParams.set("anthale", fake.url);
  url.searchParams.set("policy", fake.policyId);
  const response = await handleCheck(
    new Request(url, { headers: { "x-anthale-key": fake.apiKey } }),
  );
  expect(response.status).toBe(200);
  const body = await response.json();
  await fake.floodsEnded(30_000);
  return {
    body,
    received: fake.requests.slice(before),
    floods: fake.floods.slice(floodsBefore),
  };
}

describe("the edge checks, in Node.js", () => {
  it.each(edgeCheckNames)("%s meets its expectations", async (check) => {
    const { body, received, floods } = await runCheck(check);
    expect(expectations[check](body, received, floods)).toEqual([]);
  });

  it("reports a wrong action, a missing redaction and a wrong request count", async () => {
    const { body, received } = await runCheck("enforce");
    const allowedBlock = { ...body, block: { ...body.block, action: "allow" } };
    expect(expectations.enforce(allowedBlock, received)).toEqual(["block: the action was allow"]);
    const unredacted = {
      ...body,
      redact: { ...body.redact, redactedMessages: [{ role: "user", content: "555-0100" }] },
    };
    expect(expectations.enforce(unredacted, received)).toHaveLength(1);
    expect(expectations.enforce(body, received.slice(1))).toEqual([
      "the fake received 3 requests, not 4",
    ]);
  });

  it("reports a timeout or an abort that failed with another error", () => {
    const other = { name: "APIConnectionError", expected: false, message: "after 200 ms" };
    expect(expectations.timeout(other, [{}])).toHaveLength(1);
    expect(expectations.abort(other, [{}])).toHaveLength(1);
  });

  it("reports a timeout that the client's own timeout ended, not the call's", () => {
    const clientTimeout = {
      name: "APIConnectionTimeoutError",
      expected: true,
      message: "Request timed out after 60000 ms.",
    };
    expect(expectations.timeout(clientTimeout, [{}])).toHaveLength(1);
  });

  it("reports a blocked stream whose text reached the application", async () => {
    const { body, received } = await runCheck("ai-stream");
    const leaked = { ...body, block: { text: "Here is the forbidden answer.", errors: [] } };
    expect(expectations["ai-stream"](leaked, received)).toHaveLength(2);
    const unchecked = received.filter((request) => request.direction === "input");
    expect(expectations["ai-stream"](body, unchecked)).toHaveLength(1);
  });

  it("reports a missing span, a wrong action on it and the message's text on it", async () => {
    const { body, received } = await runCheck("tracing");
    expect(expectations.tracing({ spans: [] }, received)).toEqual(["the spans were []"]);
    const [span] = body.spans;
    const wrong = {
      spans: [
        {
          ...span,
          attributes: { ...span.attributes, "anthale.action": "allow", note: "please block" },
        },
      ],
    };
    expect(expectations.tracing(wrong, received)).toHaveLength(2);
  });

  it("reports a redirect followed, or an oversized answer read to its end", () => {
    const cutOff = [{ written: 12 * 1024 * 1024, closedByClient: true, ended: true }];
    const followed = { redirect: { settled: "resolved" }, oversized: { expected: true } };
    expect(expectations.limits(followed, [], cutOff)).toHaveLength(1);
    const read = { redirect: { expected: true }, oversized: { name: "Error", expected: false } };
    expect(expectations.limits(read, [], cutOff)).toHaveLength(1);
    const refused = { redirect: { expected: true }, oversized: { expected: true } };
    const readToTheEnd = [{ written: 256 * 1024 * 1024, closedByClient: false, ended: true }];
    expect(expectations.limits(refused, [], readToTheEnd)).toHaveLength(1);
  });

  it("reports the API key on the span", async () => {
    const { body, received } = await runCheck("tracing");
    const [span] = body.spans;
    const leaked = { spans: [{ ...span, attributes: { ...span.attributes, key: testApiKey } }] };
    expect(expectations.tracing(leaked, received)).toEqual(["the API key is on the span"]);
  });
});
