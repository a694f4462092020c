// The second line of defence: whatever quotes a credential (a server echoing the key in an error
// body or header, a fetch whose error quotes the Authorization header), every error message,
// stack, cause, body, log line and fail-open result the SDK produces is free of it.
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Anthale,
  APIConnectionError,
  type APIError,
  AuthenticationError,
  isFailedOpen,
  MAX_ERROR_BODY_BYTES,
  PolicyEnforcer,
} from "../../src/index.js";
import { answer, type FaultServer, startFaultServer } from "../faults/fault-server.js";
import { captureLogger } from "./capture-logger.js";
import { leaksOf } from "./secret-scan.js";

// Waits between attempts are scaled down (see scaled-sleep.ts).
vi.mock("../../src/transport/sleep.js", () => import("../helpers/scaled-sleep.js"));

const apiKey = "ak_live_SCRUB_5ecret_77c1";
const requestSecret = "req-token-0b8d55";
const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const params = {
  direction: "input" as const,
  messages: [{ role: "user" as const, content: "Hi" }],
};

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function expectClean(value: unknown) {
  expect(leaksOf(apiKey, value)).toEqual([]);
  expect(leaksOf(requestSecret, value)).toEqual([]);
}

describe("a server that echoes credentials", () => {
  it("in a 401 body and headers: the error and the logs are scrubbed", async () => {
    server = await startFaultServer((request, response) =>
      answer(
        response,
        401,
        JSON.stringify({
          error: {
            message: `Invalid key ${request.headers.authorization} (also sent: ${request.headers["x-api-key"]})`,
            details: { received: [request.headers.authorization] },
          },
        }),
        { "x-echo": `${request.headers.authorization}` },
      ),
    );
    const logger = captureLogger();
    const client = new Anthale({
      apiKey,
      baseURL: server.url,
      logLevel: "debug",
      logger,
    });
    const error = await client.organizations.policies
      .enforce(policyId, params, { headers: { "x-api-key": requestSecret } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as APIError).message).toMatch(/^401 Invalid key Bearer \*\*\*/);
    expect((error as APIError).body).toEqual({
      error: {
        message: "Invalid key Bearer *** (also sent: ***)",
        details: { received: ["Bearer ***"] },
      },
    });
    expectClean(error);
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const line of logger.lines) expectClean(line.text);
  });
});

describe("a fetch whose error quotes the Authorization header", () => {
  const quoting = async (_url: string, init: RequestInit) => {
    const value = (init.headers as Record<string, string>).authorization;
    throw new TypeError("fetch failed", {
      cause: new TypeError(`Headers.append: "${value}" is an invalid header value.`),
    });
  };

  it("yields a scrubbed error, retry log, fail-open warning and onError error", async () => {
    const logger = captureLogger();
    const reported: APIError[] = [];
    const enforcer = new PolicyEnforcer({
      policyId,
      client: new Anthale({ apiKey, fetch: quoting, logger, maxRetries: 2 }),
      failMode: "open",
      onError: (error) => {
        reported.push(error);
      },
    });
    const result = await enforcer.enforce(params);
    expect(isFailedOpen(result)).toBe(true);
    if (!isFailedOpen(result)) return;
    expect(result.error).toBeInstanceOf(APIConnectionError);
    expect(result.error.message).toContain("is an invalid header value");
    expectClean(result.error);
    expectClean(result);
    expect(reported).toHaveLength(1);
    expectClean(reported[0]);
    const warnings = logger.lines.filter((line) => line.level === "warn");
    expect(warnings.map((line) => line.text).join("\n")).toMatch(/retrying[\s\S]*unchecked/);
    for (const line of logger.lines) expectClean(line.text);
  });

  it("in fail-closed mode, throws a scrubbed error whose cause is scrubbed too", async () => {
    const client = new Anthale({ apiKey, fetch: quoting, logLevel: "off", maxRetries: 0 });
    const error = await client.organizations.policies
      .enforce(policyId, params)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    const cause = (error as Error).cause as Error & { cause: Error };
    expect(cause.name).toBe("TypeError");
    expect(cause.cause.message).toBe('Headers.append: "Bearer ***" is an invalid header value.');
    expectClean(error);
  });
});

describe("causes from outside the SDK", () => {
  const bearer = `Bearer ${apiKey}`;
  const rejecting = (reason: unknown) => async () => Promise.reject(reason);
  const cases: [string, () => unknown][] = [
    ["an AggregateError", () => new AggregateError([new Error(`x: ${bearer}`)], "all failed")],
    [
      "an error with a request config",
      () => Object.assign(new Error("Request failed"), { config: { headers: { bearer } } }),
    ],
    ["an error whose code is the key", () => Object.assign(new Error("odd"), { code: apiKey })],
    [
      "an error from another realm",
      () => runInNewContext(`new TypeError("invalid header ${bearer}")`),
    ],
    ["a Map", () => new Map([["authorization", bearer]])],
    ["deeply nested data", () => nest(40, { authorization: bearer })],
  ];
  for (const [name, reason] of cases) {
    it(`${name}: the error and its whole cause chain are free of the key`, async () => {
      const client = new Anthale({
        apiKey,
        fetch: rejecting(reason()),
        logLevel: "off",
        maxRetries: 0,
      });
      const error = await client.organizations.policies
        .enforce(policyId, params)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIConnectionError);
      expectClean(error);
    });
  }
});

describe("error bodies", () => {
  it("a key cut by the body limit leaves no piece of itself", async () => {
    // The key starts 10 characters before the 64 KiB limit.
    server = await startFaultServer((_request, response) =>
      answer(response, 500, `${"x".repeat(MAX_ERROR_BODY_BYTES - 10)}${apiKey}${"y".repeat(100)}`),
    );
    const client = new Anthale({ apiKey, baseURL: server.url, logLevel: "off", maxRetries: 0 });
    const error = (await client.organizations.policies
      .enforce(policyId, params)
      .catch((caught: unknown) => caught)) as APIError;
    expect(typeof error.body).toBe("string");
    expect(error.body as string).not.toContain(apiKey.slice(0, 10));
  });

  it("a key spelt with JSON escapes, or nested deep, is still found", async () => {
    const escaped = [...apiKey].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    server = await startFaultServer((_request, response) =>
      answer(
        response,
        401,
        `{"error":{"message":"bad key ${escaped.join("")}"},"deep":${JSON.stringify(nest(40, apiKey))}}`,
      ),
    );
    const client = new Anthale({ apiKey, baseURL: server.url, logLevel: "off" });
    const error = await client.organizations.policies
      .enforce(policyId, params)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expectClean(error);
  });
});

describe("credential headers, in every form they may come back in", () => {
  it.each([
    ["trimmed", { "x-api-key": "hdrSECRET42 " }, "hdrSECRET42"],
    ["the token after its scheme", { "proxy-authorization": "Token pxTOK999" }, "pxTOK999"],
    [
      "a Basic password, decoded",
      { "x-upstream-auth": `Basic ${btoa("bob:pa55w0rd")}` },
      "pa55w0rd",
    ],
  ])("%s", async (_, defaultHeaders, echoed) => {
    server = await startFaultServer((_request, response) =>
      answer(response, 401, JSON.stringify({ error: { message: `refused ${echoed}` } })),
    );
    const client = new Anthale({ apiKey, baseURL: server.url, logLevel: "off", defaultHeaders });
    const error = await client.organizations.policies
      .enforce(policyId, params)
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe("401 refused ***");
    expect(leaksOf(echoed, error)).toEqual([]);
  });
});

describe("onError that fails in odd ways", () => {
  it("changes nothing and leaves no unhandled rejection", async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      for (const onError of [
        () => Promise.reject(Object.create(null)),
        () => {
          throw Symbol("odd");
        },
      ]) {
        const logger = captureLogger();
        const enforcer = new PolicyEnforcer({
          policyId,
          client: new Anthale({ apiKey, fetch: rejecting(), logger, maxRetries: 0 }),
          failMode: "open",
          onError,
        });
        expect(isFailedOpen(await enforcer.enforce(params))).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(logger.lines.some((line) => line.text.includes("options.onError failed"))).toBe(
          true,
        );
      }
      expect(rejections).toEqual([]);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
  });
});

/** `value` wrapped in `levels` objects. */
function nest(levels: number, value: unknown): unknown {
  let node = value;
  for (let level = 0; level < levels; level++) node = { inner: node };
  return node;
}

function rejecting(): () => Promise<Response> {
  return async () => {
    throw new TypeError("fetch failed");
  };
}
