// A redirect from the Anthale URL is never followed, over real sockets: the conversation and the
// key never reach the place it names, its answer is never taken as the decision, and it is never
// retried or a reason to fail open.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Anthale, APIError, PolicyEnforcer, RedirectError } from "../../src/index.js";
import { answer, faultServers, resultBody } from "./fault-server.js";

const apiKey = "ak_live_R3D1RECT_s3cret_9f";
const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const params = {
  direction: "input" as const,
  messages: [{ role: "user" as const, content: "My card is 4111 1111 1111 1111" }],
};

const { start, closeAll } = faultServers();
afterEach(closeAll);

describe("redirects", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} to another origin: RedirectError, nothing sent there, one attempt`, async () => {
      const elsewhere = await start((_request, response) => answer(response, 200, resultBody()));
      const anthale = await start((_request, response) =>
        answer(response, status, "", { location: `${elsewhere.url}/collect?token=t0k3n` }),
      );
      const client = new Anthale({ apiKey, baseURL: anthale.url, logLevel: "off" });
      const error = await client.organizations.policies
        .enforce(policyId, params)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toBeInstanceOf(APIError);
      expect((error as RedirectError).status).toBe(status);
      expect((error as Error).message).toContain(new URL(elsewhere.url).origin);
      expect((error as Error).message).not.toContain("t0k3n");
      expect(anthale.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    });
  }

  it("is thrown by PolicyEnforcer in fail-open mode too, without onError", async () => {
    const elsewhere = await start((_request, response) => answer(response, 200, resultBody()));
    const anthale = await start((_request, response) =>
      answer(response, 307, "", { location: elsewhere.url }),
    );
    const errors: unknown[] = [];
    const enforcer = new PolicyEnforcer({
      policyId,
      client: new Anthale({ apiKey, baseURL: anthale.url, logLevel: "off" }),
      failMode: "open",
      onError: (error) => {
        errors.push(error);
      },
    });
    await expect(enforcer.enforce(params)).rejects.toBeInstanceOf(RedirectError);
    expect(errors).toEqual([]);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("is caught even when a custom fetch follows it", async () => {
    const elsewhere = await start((_request, response) => answer(response, 200, resultBody()));
    const anthale = await start((_request, response) =>
      answer(response, 307, "", { location: elsewhere.url }),
    );
    const client = new Anthale({
      apiKey,
      baseURL: anthale.url,
      logLevel: "off",
      // A wrapper that overrides the SDK's choice, as some instrumentation does.
      fetch: (url, init) => fetch(url, { ...init, redirect: "follow" }),
    });
    await expect(client.organizations.policies.enforce(policyId, params)).rejects.toBeInstanceOf(
      RedirectError,
    );
  });

  for (const finalStatus of [429, 500, 503]) {
    it(`followed by a custom fetch to a ${finalStatus}: never retried, never failing open`, async () => {
      const elsewhere = await start((_request, response) => answer(response, finalStatus, "{}"));
      const anthale = await start((_request, response) =>
        answer(response, 307, "", { location: elsewhere.url }),
      );
      const onError = vi.fn();
      const enforcer = new PolicyEnforcer({
        policyId,
        client: new Anthale({
          apiKey,
          baseURL: anthale.url,
          logLevel: "off",
          fetch: (url, init) => fetch(url, { ...init, redirect: "follow" }),
        }),
        failMode: "open",
        onError,
      });
      await expect(enforcer.enforce(params)).rejects.toBeInstanceOf(RedirectError);
      expect(anthale.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(1);
      expect(onError).not.toHaveBeenCalled();
    });
  }
});
