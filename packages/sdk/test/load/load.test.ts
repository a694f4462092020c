// 10,000 enforce calls, 100 at a time, against a local server: every call succeeds, connections
// are kept alive and reused (never more than the concurrency), and the heap comes back to where it
// started once collected.
import { afterAll, beforeAll, expect, it } from "vitest";
import { Anthale } from "../../src/index.js";
import { activeHandles, handlesAbove } from "../faults/leak-checks.js";
import { cappedFetch } from "./capped-fetch.js";
import { exposeGc, settledHeap } from "./expose-gc.js";
import { startLoadServer } from "./load-server.js";

const calls = 10_000;
const concurrency = 100;
const warmUp = 1_000;
/**
 * How far the collected heap may end above where it started: 2 MiB, about 200 bytes per call,
 * less than keeping each call's result alive would cost.
 */
const heapSlackBytes = 2 * 1024 * 1024;
/**
 * How long a run may take before the test gives up: a guard against a hang, not a speed target
 * (speed is measured by `pnpm bench`). A shared 2-core machine running other work can take a
 * minute or more for 10,000 calls.
 */
const hangGuardMs = 300_000;

let server: Awaited<ReturnType<typeof startLoadServer>>;
let baseline: Record<string, number>;

beforeAll(async () => {
  baseline = activeHandles();
  server = await startLoadServer();
});

afterAll(async () => {
  await server.close();
  expect(await handlesAbove(baseline)).toEqual({});
});

/** Runs `total` calls through `concurrency` workers; resolves to how many were allowed. */
async function enforceMany(client: Anthale, total: number): Promise<number> {
  let started = 0;
  let allowed = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      const result = await client.organizations.policies.enforce(
        "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44",
        {
          direction: "input",
          messages: [{ role: "user", content: `Question number ${started}` }],
          metadata: { turn: started },
        },
        { timeout: hangGuardMs },
      );
      if (result.action === "allow") allowed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return allowed;
}

it(
  "keeps connections alive with Node's default fetch",
  async () => {
    const client = new Anthale({ apiKey: "load-test-key", baseURL: server.url, logLevel: "off" });
    const before = server.counts.connections;
    expect(await enforceMany(client, warmUp)).toBe(warmUp);
    // A connection per call would be 1,000; reuse keeps it near the concurrency (Node's pool may
    // open a few beyond it, see capped-fetch.ts).
    expect(server.counts.connections - before).toBeLessThanOrEqual(3 * concurrency);
  },
  hangGuardMs,
);

it(
  `${calls} calls at concurrency ${concurrency}: all succeed, at most ${concurrency} connections, no heap growth`,
  async () => {
    const gc = exposeGc();
    const pool = await cappedFetch(concurrency);
    const client = new Anthale({
      apiKey: "load-test-key",
      baseURL: server.url,
      logLevel: "off",
      fetch: pool.fetch,
    });
    const before = server.counts.connections;
    const requestsBefore = server.counts.requests;

    // Warm up, so what is measured is steady state (compiled code, open sockets).
    expect(await enforceMany(client, warmUp)).toBe(warmUp);
    const heapBefore = await settledHeap(gc);

    expect(await enforceMany(client, calls)).toBe(calls);
    const heapAfter = await settledHeap(gc);

    const connections = server.counts.connections - before;
    expect(server.counts.requests - requestsBefore).toBe(warmUp + calls);
    expect(connections).toBeLessThanOrEqual(concurrency);
    expect(heapAfter - heapBefore).toBeLessThan(heapSlackBytes);
    await pool.close();
    console.log(
      `load: ${calls} calls at concurrency ${concurrency} over ${connections} connections; heap after GC ${(heapBefore / 2 ** 20).toFixed(1)} MB before, ${(heapAfter / 2 ** 20).toFixed(1)} MB after`,
    );
  },
  hangGuardMs,
);
