// The checks of an edge runtime: the worker (fixtures/edge, with the packed SDK and the AI SDK)
// is bundled for the runtime, served by it on a loopback port, and asked for each check in turn;
// the answer, and what the fake Anthale received meanwhile, are compared with what is expected.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { bundleWorker } from "./bundle-worker.mjs";
import { edgeCheckNames, expectations } from "./edge-expectations.mjs";

/** What each edge runtime runs: its host script and how the worker is bundled for it. */
const edgeTargets = {
  workerd: {
    host: "serve-workerd.mjs",
    bundle: {
      entry: "module-worker.mjs",
      format: "esm",
      conditions: ["workerd", "worker"],
      outfile: "workerd.mjs",
    },
  },
  "vercel edge": {
    host: "serve-edge-runtime.mjs",
    bundle: {
      entry: "event-worker.mjs",
      format: "iife",
      conditions: ["edge-light", "worker"],
      outfile: "vercel-edge.js",
    },
  },
};

/** How long a host may take to serve, and then to stop once asked, before it is killed. */
const hostStartMs = 120_000;
const hostStopMs = 30_000;

/** The URL in the line a host prints once it serves (`{"url": ...}`); `undefined` otherwise. */
function urlOf(line) {
  try {
    return JSON.parse(line ?? "").url;
  } catch {
    return undefined;
  }
}

/**
 * Starts `node <host script> <runtime folder> <bundle>` and waits for the URL it prints (killing
 * it if none comes in time). Resolves to `{ url, stop }`.
 */
async function startHost(node, hostScript, folder, bundle) {
  const child = spawn(node.command, [hostScript, folder, bundle], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), hostStopMs);
    await exited;
    clearTimeout(killer);
  };
  const lines = createInterface({ input: child.stdout });
  let timer;
  const firstLine = await Promise.race([
    new Promise((resolve) => lines.once("line", resolve)),
    exited.then(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, hostStartMs, undefined);
    }),
  ]);
  clearTimeout(timer);
  lines.close();
  const url = urlOf(firstLine);
  if (url) return { url, stop };
  await stop();
  const what =
    firstLine === undefined
      ? `the host exited or did not serve within ${hostStartMs / 1000} s`
      : `the host printed ${firstLine}`;
  throw new Error(`${what}:\n${stderr}`);
}

/**
 * Runs every edge check of one runtime: bundles the worker from the smoke app, serves it with the
 * runtime's host (run by `node`), and asks it for each check against the fake Anthale. Resolves to
 * `{ check: { ok, output } }`.
 * @param {{ name: string, folder: string, node: { command: string } }} runtime
 * @param {string} app the smoke app's folder
 * @param {Awaited<ReturnType<import("./fake-anthale.mjs").startFakeAnthale>>} fake
 */
export async function runEdgeChecks(runtime, app, fake) {
  const target = edgeTargets[runtime.name];
  const bundle = await bundleWorker(app, target.bundle);
  const hostScript = fileURLToPath(new URL(target.host, import.meta.url));
  const host = await startHost(runtime.node, hostScript, runtime.folder, bundle);
  const results = {};
  try {
    for (const check of edgeCheckNames) {
      const before = fake.requests.length;
      const url = new URL(check, host.url);
      url.searchParams.set("anthale", fake.url);
      url.searchParams.set("policy", fake.policyId);
      try {
        const response = await fetch(url, {
          headers: { "x-anthale-key": fake.apiKey },
          signal: AbortSignal.timeout(120_000),
        });
        const body = await response.json();
        const problems =
          response.status === 200
            ? expectations[check](body, fake.requests.slice(before))
            : [`the worker answered ${response.status}: ${JSON.stringify(body)}`];
        results[check] = { ok: problems.length === 0, output: problems.join("\n") };
      } catch (error) {
        results[check] = { ok: false, output: String(error?.stack ?? error) };
      }
    }
  } finally {
    await host.stop();
  }
  return results;
}
