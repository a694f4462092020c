import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { allowBody, handlerFetch, json, policyId } from "../../test/helpers/handler-fetch.js";
import { AnthaleError, AnthaleValidationError } from "../base/errors.js";
import { Anthale } from "./anthale.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

const key = "sk-anthale-very-secret-key";

describe("new Anthale()", () => {
  it("reads ANTHALE_API_KEY and ANTHALE_BASE_URL", async () => {
    vi.stubEnv("ANTHALE_API_KEY", key);
    vi.stubEnv("ANTHALE_BASE_URL", "https://eu.anthale.test/");
    const { fetch, requests } = handlerFetch(() => json(allowBody));
    const client = new Anthale({ fetch });
    expect(client.baseURL).toBe("https://eu.anthale.test");
    await client.organizations.policies.enforce(policyId, {
      direction: "input",
      messages: [{ role: "user", content: "x" }],
    });
    expect(requests[0]?.url).toBe(
      `https://eu.anthale.test/organizations/policies/${policyId}/enforce`,
    );
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${key}`);
  });

  it("defaults to the production API, a 60 s timeout and 2 retries", () => {
    vi.stubEnv("ANTHALE_BASE_URL", "");
    const client = new Anthale({ apiKey: key });
    expect(client.baseURL).toBe("https://api.anthale.com");
    expect(client.timeout).toBe(60_000);
    expect(client.maxRetries).toBe(2);
  });

  it("explains how to fix a missing API key", () => {
    vi.stubEnv("ANTHALE_API_KEY", "");
    expect(() => new Anthale()).toThrow(AnthaleError);
    expect(() => new Anthale()).toThrow(/ANTHALE_API_KEY.*apiKey/);
  });

  it("rejects bad options, naming them", () => {
    expect(() => new Anthale({ apiKey: key, timeout: -5 })).toThrow(/options\.timeout/);
    expect(() => new Anthale({ apiKey: key, maxRetries: 1.5 })).toThrow(/options\.maxRetries/);
    expect(() => new Anthale({ apiKey: key, baseURL: "not a url" })).toThrow(
      AnthaleValidationError,
    );
    expect(() => new Anthale({ apiKey: key, baseURL: "ftp://anthale.test" })).toThrow(/https/);
  });

  it("refuses plain http to a remote host unless allowed, and allows loopback", () => {
    expect(() => new Anthale({ apiKey: key, baseURL: "http://api.anthale.test" })).toThrow(
      /allowInsecureHttp/,
    );
    expect(
      new Anthale({ apiKey: key, baseURL: "http://api.anthale.test", allowInsecureHttp: true })
        .baseURL,
    ).toBe("http://api.anthale.test");
    for (const baseURL of ["http://localhost:4010", "http://127.0.0.1:4010", "http://[::1]:4010"]) {
      expect(new Anthale({ apiKey: key, baseURL }).baseURL).toBe(baseURL);
    }
  });

  it("refuses to run in a browser unless told to", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(() => new Anthale({ apiKey: key })).toThrow(/browser/);
    expect(new Anthale({ apiKey: key, dangerouslyAllowBrowser: true })).toBeInstanceOf(Anthale);
  });

  it("never shows the API key", () => {
    const client = new Anthale({ apiKey: key, defaultHeaders: { "X-Team": "a" } });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(key);
    expect(String(client)).not.toContain(key);
    expect(JSON.stringify(client)).not.toContain(key);
  });

  it("sends default headers and lets a request add its own", async () => {
    const { fetch, requests } = handlerFetch(() => json(allowBody));
    const client = new Anthale({
      apiKey: key,
      fetch,
      defaultHeaders: { "X-Team": "a", "X-Env": "prod" },
    });
    await client.organizations.policies.enforce(
      policyId,
      { direction: "input", messages: [{ role: "user", content: "x" }] },
      { headers: { "X-Env": "test" } },
    );
    expect(requests[0]?.headers.get("x-team")).toBe("a");
    expect(requests[0]?.headers.get("x-env")).toBe("test");
    expect(requests[0]?.headers.get("content-type")).toBe("application/json");
  });

  it("is the default export", async () => {
    const module = await import("../index.js");
    expect(module.default).toBe(Anthale);
  });
});

describe("headers", () => {
  it("never lets default or per-request headers replace the credentials, whatever their case", async () => {
    const { fetch, requests } = handlerFetch(() => json(allowBody));
    const client = new Anthale({
      apiKey: key,
      fetch,
      defaultHeaders: { authorization: "Bearer other" },
    });
    await client.organizations.policies.enforce(
      policyId,
      { direction: "input", messages: [{ role: "user", content: "x" }] },
      { headers: { AUTHORIZATION: "Bearer third" } },
    );
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${key}`);
  });
});
