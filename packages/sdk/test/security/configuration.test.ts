// Configuration mistakes are errors raised where they are made, never outages: a key or header
// that cannot be sent, a base URL with credentials, a `fetch` or `logger` that cannot work, an
// option that does not exist. None of them quotes a secret, none is retried, and none lets a
// fail-open enforcer go on unchecked.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Anthale,
  AnthaleValidationError,
  AuthenticationError,
  BadRequestError,
  type ClientOptions,
  NotFoundError,
  PermissionDeniedError,
  PolicyEnforcer,
  UnprocessableEntityError,
} from "../../src/index.js";
import { answer, type FaultServer, startFaultServer } from "../faults/fault-server.js";
import { captureLogger } from "./capture-logger.js";
import { leaksOf } from "./secret-scan.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const params = {
  direction: "input" as const,
  messages: [{ role: "user" as const, content: "Hi" }],
};

let server: FaultServer | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
});

/** A fetch that answers `allow` and records each request's headers. */
function recordingFetch() {
  const calls: { headers: Record<string, string> }[] = [];
  const fetch = async (_url: string, init: RequestInit) => {
    const headers: Record<string, string> = Object.create(null);
    for (const name of Object.keys(init.headers as object)) {
      headers[name] = (init.headers as Record<string, string>)[name] as string;
    }
    calls.push({ headers });
    return new Response(JSON.stringify({ enforcerIdentifier: "e", action: "allow" }), {
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, calls };
}

function refusal(build: () => unknown): AnthaleValidationError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(AnthaleValidationError);
    return error as AnthaleValidationError;
  }
  throw new Error("expected the configuration to be refused");
}

describe("an API key that cannot be sent as it is", () => {
  const first = "sk-live-abc4f1";
  const second = "sk-live-def9e2";
  const key = `${first}\n${second}`;

  it("is refused at construction, from the option or the environment, without a trace of it", () => {
    for (const error of [
      refusal(() => new Anthale({ apiKey: key })),
      refusal(() => new PolicyEnforcer({ policyId, apiKey: key, failMode: "open" })),
    ]) {
      expect(error.path).toBe("options.apiKey");
      expect(error.message).toMatch(/line break/);
      expect(leaksOf(first, error)).toEqual([]);
      expect(leaksOf(second, error)).toEqual([]);
    }
    vi.stubEnv("ANTHALE_API_KEY", `${first} ${second}`);
    const fromEnv = refusal(() => new Anthale());
    expect(fromEnv.path).toBe("ANTHALE_API_KEY");
    expect(leaksOf(first, fromEnv)).toEqual([]);
  });

  it("is trimmed when the whitespace is only around it", async () => {
    server = await startFaultServer((_request, response) =>
      answer(response, 200, JSON.stringify({ enforcerIdentifier: "e", action: "allow" })),
    );
    const client = new Anthale({ apiKey: `  ${first}\n`, baseURL: server.url });
    await client.organizations.policies.enforce(policyId, params);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${first}`);
  });
});

describe("headers that cannot be sent as they are", () => {
  const secret = "cookie-s3cret-value";

  it("are refused at construction (defaultHeaders), naming the header, never its value", () => {
    const error = refusal(
      () => new Anthale({ apiKey: "k1", defaultHeaders: { Cookie: `${secret}\r\nX-Evil: 1` } }),
    );
    expect(error.path).toBe('options.defaultHeaders["Cookie"]');
    expect(leaksOf(secret, error)).toEqual([]);
  });

  it("are refused before any request (per-request headers), in both fail modes", async () => {
    const fetch = vi.fn(async () => new Response("{}"));
    const client = new Anthale({ apiKey: "k1", fetch, logLevel: "off" });
    const headers = { "X-Session": `${secret}\n` };
    const direct = await client.organizations.policies
      .enforce(policyId, params, { headers })
      .catch((caught: unknown) => caught);
    expect(direct).toBeInstanceOf(AnthaleValidationError);
    expect((direct as AnthaleValidationError).path).toBe('options.headers["X-Session"]');
    expect(leaksOf(secret, direct)).toEqual([]);
    const onError = vi.fn();
    const enforcer = new PolicyEnforcer({ policyId, client, failMode: "open", onError });
    await expect(enforcer.enforce(params, { headers })).rejects.toBeInstanceOf(
      AnthaleValidationError,
    );
    expect(onError).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("headers fetch manages itself", () => {
  it.each(["content-length", "Transfer-Encoding", "expect", "upgrade", "keep-alive", "host"])(
    "%s is refused at construction",
    (name) => {
      const error = refusal(() => new Anthale({ apiKey: "k1", defaultHeaders: { [name]: "5" } }));
      expect(error.message).toMatch(/set by fetch itself/);
    },
  );
});

describe("header values are taken once", () => {
  it("a getter cannot hand over another value after the check", async () => {
    let reads = 0;
    const defaultHeaders = Object.defineProperty({}, "x-team", {
      enumerable: true,
      get: () => (reads++ === 0 ? "search" : "evil\nX-Injected: 1"),
    });
    const { fetch, calls } = recordingFetch();
    const client = new Anthale({ apiKey: "k1", fetch, defaultHeaders });
    await client.organizations.policies.enforce(policyId, params);
    expect(reads).toBe(1);
    expect(calls[0]?.headers["x-team"]).toBe("search");
  });

  it("inherited properties are not headers, and __proto__ is a header like any other", async () => {
    const polluted = Object.prototype as Record<string, unknown>;
    polluted["x-polluted"] = "evil\nX-Injected: 1";
    try {
      const defaultHeaders = JSON.parse('{"__proto__": "p1", "x-team": "search"}');
      const { fetch, calls } = recordingFetch();
      const client = new Anthale({ apiKey: "k1", fetch, defaultHeaders });
      await client.organizations.policies.enforce(policyId, params);
      const sent = calls[0]?.headers ?? {};
      expect(Object.keys(sent).sort()).toEqual([
        "__proto__",
        "accept",
        "authorization",
        "content-type",
        "x-team",
      ]);
    } finally {
      delete polluted["x-polluted"];
    }
  });
});

describe("a fetch that does not behave as one", () => {
  it.each([
    [
      "throws at once",
      () => {
        throw new TypeError("Class constructor cannot be invoked without 'new'");
      },
      /threw/,
    ],
    ["resolves to nothing", async () => undefined, /resolved to undefined/],
  ])("%s: a configuration mistake, sent once, never failing open", async (_, fetch, problem) => {
    let calls = 0;
    const counted = (...args: unknown[]) => {
      calls++;
      return (fetch as (...args: unknown[]) => unknown)(...args);
    };
    const onError = vi.fn();
    const enforcer = new PolicyEnforcer({
      policyId,
      client: new Anthale({ apiKey: "k1", fetch: counted as never, logLevel: "off" }),
      failMode: "open",
      onError,
    });
    const error = await enforcer.enforce(params).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnthaleValidationError);
    expect((error as AnthaleValidationError).path).toBe("options.fetch");
    expect((error as Error).message).toMatch(problem);
    expect(calls).toBe(1);
    expect(onError).not.toHaveBeenCalled();
  });
});

describe("a base URL that cannot be used as it is", () => {
  it.each([
    ["credentials", "https://admin:hunter22@api.anthale.com", "hunter22"],
    ["a query", "https://api.anthale.com/?api_key=sk-1", "sk-1"],
    ["a fragment", "https://api.anthale.com/#sk-2", "sk-2"],
    ["surrounding whitespace", "https://api.anthale.com \n", "\n"],
    ["a port fetch refuses", "https://api.anthale.com:6000", "\n"],
  ])("with %s is refused at construction", (_, baseURL, secret) => {
    const error = refusal(() => new Anthale({ apiKey: "k1", baseURL }));
    expect(error.path).toBe("options.baseURL");
    expect(error.message).not.toContain(secret);
  });
});

describe("options that cannot work", () => {
  it("are refused at construction, not at the first call", () => {
    const cases: [Partial<Record<keyof ClientOptions | "baseUrl", unknown>>, string, RegExp][] = [
      [{ fetch: "nope" }, "options.fetch", /function/],
      [{ logger: {} }, "options.logger", /missing error, warn, info, debug/],
      [{ logger: { error() {}, warn() {} } }, "options.logger", /missing info, debug/],
      [{ defaultHeaders: "x-team: a" }, "options.defaultHeaders", /plain object/],
      [{ allowInsecureHttp: "yes" }, "options.allowInsecureHttp", /true or false/],
      [{ baseUrl: "https://eu.anthale.test" }, "options.baseUrl", /did you mean baseURL/],
      [{ baseURL: null }, "options.baseURL", /must not be null/],
      [{ dangerouslyAllowBrowser: 1 }, "options.dangerouslyAllowBrowser", /true or false/],
    ];
    for (const [options, path, problem] of cases) {
      const error = refusal(() => new Anthale({ apiKey: "k1", ...(options as ClientOptions) }));
      expect(error.path).toBe(path);
      expect(error.message).toMatch(problem);
    }
  });

  it("are read from the object's own properties only", () => {
    const inherited = Object.create({ baseURL: "http://evil.example", allowInsecureHttp: true });
    inherited.apiKey = "k1";
    expect(new Anthale(inherited).baseURL).toBe("https://api.anthale.com");
  });

  it("per request: an option that does not exist is refused before any request", async () => {
    const { fetch, calls } = recordingFetch();
    const client = new Anthale({ apiKey: "k1", fetch });
    const error = await client.organizations.policies
      .enforce(policyId, params, { headerz: { a: "b" } } as never)
      .catch((caught: unknown) => caught);
    expect((error as AnthaleValidationError).path).toBe("options.headerz");
    expect(calls).toHaveLength(0);
  });

  it("PolicyEnforcer: a client that is not one, or a key beside a client, is refused", () => {
    const client = new Anthale({ apiKey: "k1" });
    expect(refusal(() => new PolicyEnforcer({ policyId, client: {} as never })).path).toBe(
      "options.client",
    );
    expect(refusal(() => new PolicyEnforcer({ policyId, client, apiKey: "k2" })).path).toBe(
      "options.apiKey",
    );
    expect(refusal(() => new PolicyEnforcer(undefined as never)).path).toBe("options");
  });

  it("read ANTHALE_LOG in any case", () => {
    const logger = captureLogger();
    vi.stubEnv("ANTHALE_LOG", "DEBUG");
    expect(() => new Anthale({ apiKey: "k1", logger })).not.toThrow();
    vi.stubEnv("ANTHALE_LOG", "loud");
    expect(refusal(() => new Anthale({ apiKey: "k1", logger })).path).toBe("ANTHALE_LOG");
  });
});

describe("answers that say the configuration is wrong, or that the request was refused", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [413, undefined],
    [422, UnprocessableEntityError],
  ] as const)(
    "%i is thrown by a fail-open enforcer, once, without onError",
    async (status, ErrorClass) => {
      server = await startFaultServer((_request, response) =>
        answer(response, status, JSON.stringify({ error: { message: "no" } })),
      );
      const onError = vi.fn();
      const enforcer = new PolicyEnforcer({
        policyId,
        client: new Anthale({ apiKey: "k1", baseURL: server.url, logLevel: "off" }),
        failMode: "open",
        onError,
      });
      const error = await enforcer.enforce(params).catch((caught: unknown) => caught);
      expect((error as { status?: number }).status).toBe(status);
      if (ErrorClass) expect(error).toBeInstanceOf(ErrorClass);
      expect(onError).not.toHaveBeenCalled();
      expect(server.requests).toHaveLength(1);
    },
  );
});
