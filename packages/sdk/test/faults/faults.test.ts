// Runs the real SDK, over real sockets, against a server that misbehaves in each way listed in
// fault-cases.ts, and checks the outcome, the attempts, that no case waited for a timeout it
// should not meet, that nothing is left behind and that the API key shows nowhere. Prints the
// table of cases, with their wall times, at the end.
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Anthale, type ClientOptions, type EnforceResult } from "../../src/index.js";
import { captureLogger } from "../security/capture-logger.js";
import { leaksOf } from "../security/secret-scan.js";
import { type FaultCase, faultCases, LONG_TIMEOUT_MS } from "./fault-cases.js";
import { refusedPortURL, type SeenRequest, startFaultServer } from "./fault-server.js";
import { type FaultRow, formatFaultTable } from "./fault-table.js";
import { activeHandles, handlesAbove, settle, watchRejections } from "./leak-checks.js";

// Waits between attempts are scaled down (see scaled-sleep.ts).
vi.mock("../../src/transport/sleep.js", () => import("../helpers/scaled-sleep.js"));

const apiKey = "ak_live_F4ULT_s3cr3t_9d2c7e1b";
const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const rows: FaultRow[] = [];
const rejections = watchRejections();

beforeAll(() => rejections.install());
afterAll(() => {
  rejections.uninstall();
  console.log(`\n${formatFaultTable(rows)}\n`);
});

function describeExpected(fault: FaultCase): string {
  return "action" in fault.expected ? `${fault.expected.action} result` : fault.expected.name;
}

function describeOutcome(outcome: { error?: unknown; result?: EnforceResult }): string {
  if (outcome.result) return `${outcome.result.action} result`;
  return (outcome.error as Error)?.constructor?.name ?? String(outcome.error);
}

async function run(fault: FaultCase) {
  const server = fault.handler ? await startFaultServer(fault.handler) : undefined;
  const logger = captureLogger();
  const options: ClientOptions = {
    apiKey,
    baseURL: server?.url ?? (await refusedPortURL()),
    logLevel: "debug",
    logger,
  };
  const client = new Anthale(options);
  const controller = new AbortController();
  const abortTimer =
    fault.abortAfterMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(), fault.abortAfterMs);
  const started = performance.now();
  const outcome: { error?: unknown; result?: EnforceResult } = await client.organizations.policies
    .enforce(
      policyId,
      { direction: "input", messages: [{ role: "user", content: "Hello" }] },
      { signal: controller.signal, timeout: fault.timeout, maxRetries: fault.maxRetries },
    )
    .then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
  const wallMs = performance.now() - started;
  clearTimeout(abortTimer);
  const requests: SeenRequest[] = server ? [...server.requests] : [];
  await server?.close();
  return { client, logger, controller, outcome, wallMs, requests };
}

describe("the SDK against a misbehaving server", () => {
  for (const fault of faultCases) {
    it(fault.name, async () => {
      const baseline = activeHandles();
      const { client, logger, controller, outcome, wallMs, requests } = await run(fault);
      const row: FaultRow = {
        fault: fault.name,
        expected: describeExpected(fault),
        got: describeOutcome(outcome),
        serverAttempts: requests.length,
        wallMs,
        boundMs: fault.boundMs,
        passed: false,
      };
      rows.push(row);

      if ("action" in fault.expected) {
        expect(outcome.error).toBeUndefined();
        expect(outcome.result?.action).toBe(fault.expected.action);
      } else {
        // The exact class, not merely a subclass: a timeout must not pass for a refusal, or back.
        expect(outcome.error).toBeInstanceOf(fault.expected);
        expect((outcome.error as Error).constructor).toBe(fault.expected);
      }
      fault.check?.(outcome.error ?? outcome.result, requests);
      expect(requests).toHaveLength(fault.serverAttempts);
      const attemptLines = logger.lines.filter(
        (line) => line.level === "debug" && line.text.includes("POST "),
      );
      expect(attemptLines).toHaveLength(fault.clientAttempts);
      // Only a hang guard: no case may wait out the long timeout (its expected time is far below).
      expect(wallMs).toBeLessThan(LONG_TIMEOUT_MS);
      for (const request of requests)
        expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);

      // Nothing left behind.
      await settle();
      expect(rejections.reasons).toEqual([]);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      expect(await handlesAbove(baseline)).toEqual({});

      // The key shows nowhere.
      expect(logger.lines.length).toBeGreaterThan(0);
      for (const line of logger.lines) expect(line.text).not.toContain(apiKey);
      expect(leaksOf(apiKey, outcome.error ?? outcome.result)).toEqual([]);
      expect(leaksOf(apiKey, client)).toEqual([]);
      row.passed = true;
    });
  }
});
