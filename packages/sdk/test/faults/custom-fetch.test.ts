// The SDK with a fetch library other than the runtime's own, over real sockets: node-fetch gives
// bodies as Node.js streams and keeps its own redirect handling; decisions must still be read, and
// a redirect still refused.
import nodeFetch from "node-fetch";
import { afterEach, describe, expect, it } from "vitest";
import { Anthale, type ClientOptions, PolicyEnforcer, RedirectError } from "../../src/index.js";
import { answer, faultServers, resultBody } from "./fault-server.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const params = {
  direction: "input" as const,
  messages: [{ role: "user" as const, content: "Hi" }],
};
const fetch = nodeFetch as unknown as ClientOptions["fetch"];

const { start, closeAll } = faultServers();
afterEach(closeAll);

describe("node-fetch as the client's fetch", () => {
  it("reads the decision, so a fail-open enforcer still blocks on block", async () => {
    const anthale = await start((_request, response) => answer(response, 200, resultBody("block")));
    const enforcer = new PolicyEnforcer({
      policyId,
      client: new Anthale({ apiKey: "k1", baseURL: anthale.url, fetch, logLevel: "off" }),
      failMode: "open",
    });
    await expect(enforcer.enforce(params)).rejects.toMatchObject({ reason: "blocked" });
    expect(anthale.requests).toHaveLength(1);
  });

  it("refuses a redirect", async () => {
    const elsewhere = await start((_request, response) => answer(response, 200, resultBody()));
    const anthale = await start((_request, response) =>
      answer(response, 307, "", { location: elsewhere.url }),
    );
    const client = new Anthale({ apiKey: "k1", baseURL: anthale.url, fetch, logLevel: "off" });
    await expect(client.organizations.policies.enforce(policyId, params)).rejects.toBeInstanceOf(
      RedirectError,
    );
    expect(elsewhere.requests).toHaveLength(0);
  });
});
