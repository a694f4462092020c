// The API key must never show in a log line (any level), an error, or a rendering of the client;
// plain http: off loopback and browsers are refused; metadata JSON cannot carry is refused before
// any request. The fault suite repeats the key checks for every fault case.
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Anthale,
  AnthaleError,
  AnthaleValidationError,
  type ClientOptions,
  type LogLevel,
  type Metadata,
  PolicyEnforcer,
} from "../../src/index.js";
import { captureLogger } from "./capture-logger.js";
import { leaksOf, renderings } from "./secret-scan.js";

// Waits between attempts are scaled down (see scaled-sleep.ts).
vi.mock("../../src/transport/sleep.js", () => import("../helpers/scaled-sleep.js"));

const apiKey = "ak_live_HYG13NE_s3cr3t_5f1a2b";
const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const result = JSON.stringify({ enforcerIdentifier: "e", action: "allow" });

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

function answering(...statuses: number[]) {
  const seen: Request[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    seen.push(new Request(url, init));
    const status = statuses[Math.min(seen.length - 1, statuses.length - 1)] ?? 200;
    return new Response(status === 200 ? result : '{"error":{"message":"nope"}}', {
      status,
      headers: { "content-type": "application/json", "request-id": "req_1" },
    });
  };
  return { fetch, seen };
}

describe("the scan finds a key wherever it hides", () => {
  it("in a message, a cause, a nested field or a non-enumerable field", () => {
    expect(leaksOf(apiKey, new Error(`bad ${apiKey}`))).toContain("message");
    expect(leaksOf(apiKey, new Error("bad", { cause: { header: apiKey } }))).toContain("cause");
    expect(leaksOf(apiKey, { a: [{ b: { c: apiKey } }] })).toEqual(["inspect", "JSON.stringify"]);
    const hidden = {};
    Object.defineProperty(hidden, "key", { value: apiKey, enumerable: false });
    expect(leaksOf(apiKey, hidden)).toEqual(["inspect"]);
  });
});

describe("the API key never shows", () => {
  for (const level of ["debug", "info", "warn", "error"] as LogLevel[]) {
    it(`in log lines at ${level}, through success, retries and failure`, async () => {
      const logger = captureLogger();
      const { fetch, seen } = answering(503, 200, 401);
      const options: ClientOptions = {
        apiKey,
        fetch,
        logLevel: level,
        logger,
        maxRetries: 1,
        defaultHeaders: { "X-Api-Key": apiKey, "x-trace": "t-1" },
      };
      const client = new Anthale(options);
      const params = {
        direction: "input" as const,
        messages: [{ role: "user" as const, content: "Hi" }],
      };
      await client.organizations.policies.enforce(policyId, params, { timeout: 1_000 });
      await expect(
        client.organizations.policies.enforce(policyId, params, {
          maxRetries: 0,
          headers: { Authorization: `Bearer ${apiKey}` },
        }),
      ).rejects.toThrow("401");
      expect(seen).toHaveLength(3);
      expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${apiKey}`);
      for (const line of logger.lines) expect(line.text).not.toContain(apiKey);
      if (level === "debug") {
        const requestLines = logger.lines.filter((line) => line.text.includes("POST "));
        expect(requestLines).toHaveLength(3);
        expect(requestLines[0]?.text).toContain("'x-api-key': '***'");
        expect(requestLines[0]?.text).toContain("'x-trace': 't-1'");
        expect(requestLines[2]?.text).toMatch(/authorization: '\*\*\*'/);
      }
      if (level === "warn" || level === "debug") {
        expect(logger.lines.some((line) => line.level === "warn")).toBe(true);
      }
    });
  }

  it("in errors: message, stack, cause, JSON.stringify, util.inspect", async () => {
    const client = new Anthale({
      apiKey,
      logLevel: "off",
      maxRetries: 0,
      fetch: async () => {
        throw new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") });
      },
    });
    const error = await client.organizations.policies
      .enforce(policyId, { direction: "input", messages: [{ role: "user", content: "Hi" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnthaleError);
    expect(leaksOf(apiKey, error)).toEqual([]);
  });

  it("in util.inspect, String, JSON.stringify and template strings of the client", () => {
    const client = new Anthale({ apiKey, baseURL: "http://localhost:4010" });
    expect(leaksOf(apiKey, client)).toEqual([]);
    expect(leaksOf(apiKey, client.organizations.policies)).toEqual([]);
    expect(`${client}`).toBe("Anthale { baseURL: http://localhost:4010 }");
    expect(inspect(client)).toContain("Anthale");
  });

  it("in the client or an enforcer when the key comes from ANTHALE_API_KEY", () => {
    vi.stubEnv("ANTHALE_API_KEY", apiKey);
    const enforcer = new PolicyEnforcer({ policyId, failMode: "open", onError: () => {} });
    expect(leaksOf(apiKey, enforcer)).toEqual([]);
    expect(leaksOf(apiKey, enforcer.client)).toEqual([]);
  });

  it("in any rendering, checked as a whole", () => {
    const client = new Anthale({ apiKey });
    for (const [name, text] of Object.entries(renderings(client))) {
      expect(text, name).not.toContain(apiKey);
      expect(text, name).not.toContain(apiKey.slice(0, 12));
    }
  });
});

describe("plain http: is refused off loopback", () => {
  it.each([
    "http://api.anthale.com",
    "http://10.0.0.5:8080",
    "http://127.0.0.1.nip.io",
    "http://localhost.example.com",
  ])("%s is refused without allowInsecureHttp", (baseURL) => {
    let error: unknown;
    try {
      new Anthale({ apiKey, baseURL });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AnthaleValidationError);
    expect((error as AnthaleValidationError).path).toBe("options.baseURL");
    expect((error as Error).message).toContain("allowInsecureHttp");
    expect(leaksOf(apiKey, error)).toEqual([]);
    expect(new Anthale({ apiKey, baseURL, allowInsecureHttp: true }).baseURL).toBe(baseURL);
  });

  it("is refused when it comes from ANTHALE_BASE_URL too", () => {
    vi.stubEnv("ANTHALE_BASE_URL", "http://anthale.internal");
    expect(() => new Anthale({ apiKey })).toThrow(AnthaleValidationError);
  });

  it.each([
    "http://localhost:4010",
    "http://127.0.0.1:4010",
    "http://[::1]:4010",
    "https://api.anthale.com",
  ])("%s is accepted", (baseURL) => {
    expect(new Anthale({ apiKey, baseURL }).baseURL).toBe(baseURL);
  });
});

describe("browsers are refused", () => {
  it("unless dangerouslyAllowBrowser is set", () => {
    vi.stubGlobal("window", { document: {} });
    vi.stubGlobal("document", {});
    let error: unknown;
    try {
      new Anthale({ apiKey });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AnthaleError);
    expect((error as Error).message).toMatch(/browser.*dangerouslyAllowBrowser/s);
    expect(leaksOf(apiKey, error)).toEqual([]);
    expect(() => new Anthale({ apiKey, dangerouslyAllowBrowser: true })).not.toThrow();
    expect(() => new PolicyEnforcer({ policyId, apiKey })).toThrow(AnthaleError);
  });
});

describe("metadata JSON cannot carry is refused before any request", () => {
  const cycle: Record<string, unknown> = { name: "loop" };
  cycle.self = cycle;
  const cases: [string, Metadata, string, RegExp][] = [
    ["a cycle", { tenant: cycle }, "metadata.tenant.self", /cycle/],
    ["a BigInt", { user: { id: 10n } }, "metadata.user.id", /BigInt/],
    ["a function", { onDone: () => {} }, "metadata.onDone", /function/],
    ["a symbol", { tags: ["ok", Symbol("x")] }, "metadata.tags[1]", /symbol/],
  ];
  for (const [name, metadata, path, problem] of cases) {
    it(`${name}: AnthaleValidationError naming ${path}`, async () => {
      const { fetch, seen } = answering(200);
      const client = new Anthale({ apiKey, fetch, logLevel: "off" });
      const error = await client.organizations.policies
        .enforce(policyId, {
          direction: "input",
          messages: [{ role: "user", content: "Hi" }],
          metadata,
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AnthaleValidationError);
      expect((error as AnthaleValidationError).path).toBe(path);
      expect((error as Error).message).toMatch(problem);
      expect(seen).toHaveLength(0);
      expect(leaksOf(apiKey, error)).toEqual([]);

      const enforcer = new PolicyEnforcer({ policyId, client, failMode: "open" });
      await expect(
        enforcer.enforce({
          direction: "input",
          messages: [{ role: "user", content: "Hi" }],
          metadata,
        }),
      ).rejects.toBeInstanceOf(AnthaleValidationError);
      expect(seen).toHaveLength(0);
    });
  }
});
