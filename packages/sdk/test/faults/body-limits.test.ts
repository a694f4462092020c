// Answers are read up to a limit, over real sockets: an oversized result is an
// InvalidResponseError and its connection is closed instead of being read to the end; an
// oversized error body is cut, so `error.body` stays small.
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Anthale,
  InternalServerError,
  InvalidResponseError,
  MAX_ERROR_BODY_BYTES,
  MAX_RESULT_BYTES,
  PolicyEnforcer,
  ResponseTooLargeError,
} from "../../src/index.js";
import { type FaultServer, startFaultServer } from "./fault-server.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const params = {
  direction: "input" as const,
  messages: [{ role: "user" as const, content: "Hi" }],
};
const total = 50 * 1024 * 1024;

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * Streams `total` bytes of JSON-looking padding, chunk by chunk as the socket accepts them, and
 * counts what was written before the client went away.
 */
function streamHuge(response: ServerResponse, status: number, written: { bytes: number }) {
  response.writeHead(status, { "content-type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, "a");
  const pump = () => {
    while (written.bytes < total && !response.destroyed) {
      written.bytes += chunk.length;
      if (!response.write(chunk)) {
        response.once("drain", pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  response.on("error", () => {});
  pump();
}

async function client(handler: Parameters<typeof startFaultServer>[0]) {
  server = await startFaultServer(handler);
  return new Anthale({ apiKey: "ak_test_1", baseURL: server.url, logLevel: "off", maxRetries: 0 });
}

describe("body limits", () => {
  it(`an answer over ${MAX_RESULT_BYTES} bytes is an InvalidResponseError, and is not read whole`, async () => {
    const written = { bytes: 0 };
    const anthale = await client((_request, response) => streamHuge(response, 200, written));
    const error = await anthale.organizations.policies
      .enforce(policyId, params)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/larger than/);
    expect((error as InvalidResponseError).body).toBeUndefined();
    expect(written.bytes).toBeLessThan(total);
  });

  it(`an error body is kept up to ${MAX_ERROR_BODY_BYTES} bytes`, async () => {
    const written = { bytes: 0 };
    const anthale = await client((_request, response) => streamHuge(response, 500, written));
    const error = await anthale.organizations.policies
      .enforce(policyId, params)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    const body = (error as InternalServerError).body as string;
    expect(typeof body).toBe("string");
    expect(body.length).toBeLessThanOrEqual(MAX_ERROR_BODY_BYTES);
    expect(body.length).toBeGreaterThan(0);
    expect(written.bytes).toBeLessThan(total);
  });

  it("an answer within the limit is read whole, across many chunks", async () => {
    const padding = "x".repeat(2 * 1024 * 1024);
    const anthale = await client((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ enforcerIdentifier: "e", action: "allow", metadata: { padding } }),
      );
    });
    const result = await anthale.organizations.policies.enforce(policyId, params);
    expect(result.action).toBe("allow");
  });

  it("an oversized answer never fails open: its size can follow the input's", async () => {
    const written = { bytes: 0 };
    server = await startFaultServer((_request, response) => streamHuge(response, 200, written));
    const onError = vi.fn();
    const enforcer = new PolicyEnforcer({
      policyId,
      client: new Anthale({ apiKey: "ak_test_1", baseURL: server.url, logLevel: "off" }),
      failMode: "open",
      onError,
    });
    await expect(enforcer.enforce(params)).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(server.requests).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
  });
});
