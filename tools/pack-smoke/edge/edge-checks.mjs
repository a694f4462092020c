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
 * it if none comes in time). Resolves to `{ url, stop }`. The host runs in a process group of its
 * own, so that a forced kill takes the runtime it started (workerd) with it; and it stops by
 * itself when its standard input closes, which happens when this process ends, however it ends.
 */
async function startHost(node, hostScript, folder, bundle) {
  const child = spawn(node.command, [hostScript, folder, bundle], {
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  let spawnError;
  const exited = new Promise((resolve) => {
    child.once("exit", resolve);
    child.once("error", (error) => {
      spawnError = error;
      resolve();
    });
  });
  const stop = async () => {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group ended meanwhile.
      }
    }, hostStopMs);
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
  let what = `the host printed ${firstLine}`;
  if (spawnError) what = `the host could not start: ${spawnError.message}`;
  else if (firstLine === undefined && child.exitCode !== null) {
    what = `the host exited with code ${child.exitCode} before serving`;
  } else if (firstLine === undefined && child.signalCode !== null) {
    what = `the host was killed by ${child.signalCode} before serving`;
  } else if (firstLine === undefined) {
    what = `the host did not serve within ${hostStartMs / 1000} s`;
  }
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
      const floodsBefore = fake.floods.length;
      const url = new URL(check, host.url);
      url.searchParams.set("anthale", fake.url);
      url.searchParams.set("policy", fake.policyId);
      try {
        const response = await fetch(url, {
          headers: { "x-anthale-key": fake.apiKey },
          signal: AbortSignal.timeout(120_000),
        });
        const body = await response.json();
        // A flood the worker's SDK hung up on ends when the server sees the connection close.
        await fake.floodsEnded(30_000);
        const problems =
          response.status === 200
            ? expectations[check](
                body,
                fake.requests.slice(before),
                fake.floods.slice(floodsBefore),
              )
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
