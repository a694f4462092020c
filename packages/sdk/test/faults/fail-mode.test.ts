// PolicyEnforcer's failMode over real sockets: "closed" throws when Anthale cannot decide, "open"
// goes on unchecked and reports the error; decisions, bad input and the caller's abort are never
// swallowed.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Anthale,
  AnthalePolicyViolationError,
  AnthaleValidationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  type APIError,
  APIUserAbortError,
  type ClientOptions,
  type EnforceErrorContext,
  InternalServerError,
  InvalidResponseError,
  isFailedOpen,
  PolicyEnforcer,
  type PolicyEnforcerOptions,
} from "../../src/index.js";
import { captureLogger } from "../security/capture-logger.js";
import {
  answer,
  type FaultHandler,
  type FaultServer,
  refusedPortURL,
  resultBody,
  startFaultServer,
} from "./fault-server.js";
import { settle } from "./leak-checks.js";

// Waits between attempts are scaled down (see scaled-sleep.ts).
vi.mock("../../src/transport/sleep.js", () => import("../helpers/scaled-sleep.js"));

const apiKey = "ak_live_FA1L_M0DE_5ecret_0b7e";
const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const messages = [{ role: "user" as const, content: "Hello" }];

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A per-attempt timeout long enough for a loaded machine, for servers that do answer. */
const ANSWERING_TIMEOUT_MS = 30_000;
/** The per-attempt timeout for a server that never answers: short, as only the timeout ends it. */
const NEVER_ANSWERS_TIMEOUT_MS = 100;

/**
 * An enforcer against `handler`. The timeout is long unless given: a slow machine must not turn a
 * server's answer into a timeout; only the server that never answers gets a short one.
 */
async function setup(
  handler: FaultHandler | "refused",
  options: Partial<PolicyEnforcerOptions> = {},
  timeout = ANSWERING_TIMEOUT_MS,
) {
  if (handler !== "refused") server = await startFaultServer(handler);
  const logger = captureLogger();
  const clientOptions: ClientOptions = {
    apiKey,
    baseURL: server?.url ?? (await refusedPortURL()),
    logLevel: "debug",
    logger,
    maxRetries: 1,
    timeout,
  };
  const errors: [APIError, EnforceErrorContext][] = [];
  const enforcer = new PolicyEnforcer({
    policyId,
    client: new Anthale(clientOptions),
    metadata: { tenantId: "acme" },
    onError: (error, context) => {
      errors.push([error, context]);
    },
    ...options,
  });
  return { enforcer, logger, errors };
}

const outages: [
  string,
  FaultHandler | "refused",
  abstract new (...args: never[]) => APIError,
  number?,
][] = [
  ["connection refused", "refused", APIConnectionError],
  ["headers never sent", () => {}, APIConnectionTimeoutError, NEVER_ANSWERS_TIMEOUT_MS],
  [
    "500 on every attempt",
    (_request, response) => answer(response, 500, "oops"),
    InternalServerError,
  ],
  [
    "200 that is not a result",
    (_request, response) => answer(response, 200, "{}"),
    InvalidResponseError,
  ],
];

describe("failMode", () => {
  it('is "closed" by default', async () => {
    const { enforcer } = await setup("refused");
    expect(enforcer.failMode).toBe("closed");
  });

  for (const [name, handler, errorClass, timeout] of outages) {
    it(`closed: ${name} throws ${errorClass.name} and reports it`, async () => {
      const { enforcer, errors, logger } = await setup(handler, { failMode: "closed" }, timeout);
      const error = await enforcer.enforce({ direction: "input", messages }).catch((e) => e);
      expect(error).toBeInstanceOf(errorClass);
      expect(errors).toEqual([
        [
          error,
          { policyId, direction: "input", failMode: "closed", metadata: { tenantId: "acme" } },
        ],
      ]);
      expect(logger.lines.some((line) => line.text.includes("unchecked"))).toBe(false);
    });

    it(`open: ${name} resolves to a failed-open allow, reported to onError and at warn`, async () => {
      const { enforcer, errors, logger } = await setup(handler, { failMode: "open" }, timeout);
      const result = await enforcer.enforce({ direction: "output", messages });
      expect(result.action).toBe("allow");
      expect(isFailedOpen(result)).toBe(true);
      if (!isFailedOpen(result)) return;
      expect(result.failedOpen).toBe(true);
      expect(result.error).toBeInstanceOf(errorClass);
      expect(errors).toEqual([
        [
          result.error,
          { policyId, direction: "output", failMode: "open", metadata: { tenantId: "acme" } },
        ],
      ]);
      const warnings = logger.lines.filter(
        (line) => line.level === "warn" && line.text.includes("unchecked"),
      );
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.text).toContain(
        `[anthale] Policy ${policyId} could not check the output`,
      );
      expect(warnings[0]?.text).toContain(errorClass.name);
      for (const line of logger.lines) expect(line.text).not.toContain(apiKey);
    });
  }

  it("open: a decision is never swallowed: block and unknown actions still throw", async () => {
    for (const action of ["block", "quarantine"]) {
      const { enforcer, errors } = await setup(
        (_request, response) => answer(response, 200, resultBody(action)),
        { failMode: "open" },
      );
      const error = await enforcer.enforce({ direction: "input", messages }).catch((e) => e);
      expect(error).toBeInstanceOf(AnthalePolicyViolationError);
      expect(error.result.action).toBe(action);
      expect(errors).toEqual([]);
      await server?.close();
      server = undefined;
    }
  });

  it("open: a real decision has no failedOpen marker", async () => {
    const { enforcer } = await setup(
      (_request, response) => answer(response, 200, resultBody("detect")),
      { failMode: "open" },
    );
    const result = await enforcer.enforce({ direction: "input", messages });
    expect(result.action).toBe("detect");
    expect(isFailedOpen(result)).toBe(false);
    expect("failedOpen" in result).toBe(false);
  });

  it("open: the caller's abort is thrown, not swallowed", async () => {
    const { enforcer, errors } = await setup(() => {}, { failMode: "open" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await enforcer
      .enforce({ direction: "input", messages }, { signal: controller.signal, timeout: 5_000 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(errors).toEqual([]);
  });

  it("open: bad input is thrown before any request", async () => {
    const { enforcer, errors } = await setup(
      (_request, response) => answer(response, 200, resultBody()),
      {
        failMode: "open",
      },
    );
    const error = await enforcer
      .enforce({ direction: "input", messages: [{ role: "robot", content: "hi" }] as never })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AnthaleValidationError);
    expect(server?.requests).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it("open: an onError that throws or rejects is logged at error and changes nothing", async () => {
    for (const onError of [
      () => {
        throw new Error("hook exploded");
      },
      () => Promise.reject(new Error("hook exploded")),
    ]) {
      const { enforcer, logger } = await setup("refused", { failMode: "open", onError });
      const result = await enforcer.enforce({ direction: "input", messages });
      await settle();
      expect(isFailedOpen(result)).toBe(true);
      expect(
        logger.lines.filter((line) => line.level === "error").map((line) => line.text),
      ).toEqual(["[anthale] options.onError failed: hook exploded"]);
    }
  });

  it("closed: an onError that throws does not replace the error", async () => {
    const { enforcer } = await setup("refused", {
      onError: () => {
        throw new Error("hook exploded");
      },
    });
    await expect(enforcer.enforce({ direction: "input", messages })).rejects.toBeInstanceOf(
      APIConnectionError,
    );
  });

  it("rejects an unknown failMode or an onError that is not a function", () => {
    const client = new Anthale({ apiKey, logLevel: "off" });
    expect(() => new PolicyEnforcer({ policyId, client, failMode: "ajar" as never })).toThrow(
      /options\.failMode: must be "closed" or "open", got "ajar"/,
    );
    expect(() => new PolicyEnforcer({ policyId, client, onError: "log" as never })).toThrow(
      /options\.onError: must be a function, got string/,
    );
  });
});
