// The headers every enforce request carries, as the server receives them over a real socket: the
// SDK reads only JSON, so it asks for JSON on every attempt, retries included, whatever headers the
// client or the request adds.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Anthale } from "../../src/index.js";
import { answer, faultServers, resultBody } from "./fault-server.js";

// Waits between attempts are scaled down (see scaled-sleep.ts).
vi.mock("../../src/transport/sleep.js", () => import("../helpers/scaled-sleep.js"));

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const params = {
  direction: "input" as const,
  messages: [{ role: "user" as const, content: "Hi" }],
};

const { start, closeAll } = faultServers();
afterEach(closeAll);

describe("every enforce request", () => {
  it("accepts application/json, on every attempt", async () => {
    // 503 on the first attempt, then a result.
    const server = await start((_request, response, attempt) =>
      attempt === 1 ? answer(response, 503, "{}") : answer(response, 200, resultBody()),
    );
    const client = new Anthale({ apiKey: "k", baseURL: server.url, logLevel: "off" });
    await client.organizations.policies.enforce(policyId, params);
    expect(server.requests.map((request) => request.headers.accept)).toEqual([
      "application/json",
      "application/json",
    ]);
    expect(server.requests.map((request) => request.headers["content-type"])).toEqual([
      "application/json",
      "application/json",
    ]);
  });

  it("asks for JSON whatever accept header the client or the request gives", async () => {
    const server = await start((_request, response) => answer(response, 200, resultBody()));
    const client = new Anthale({
      apiKey: "k",
      baseURL: server.url,
      logLevel: "off",
      defaultHeaders: { Accept: "text/html" },
    });
    await client.organizations.policies.enforce(policyId, params);
    await client.organizations.policies.enforce(policyId, params, {
      headers: { accept: "text/plain", "x-trace": "t-1" },
    });
    expect(server.requests.map((request) => request.headers.accept)).toEqual([
      "application/json",
      "application/json",
    ]);
    expect(server.requests[1]?.headers["x-trace"]).toBe("t-1");
  });
});
