// The throughput of `anthale eval` (the built binary, spawned as a user runs it) against a local
// server (eval-bench-server.mjs, in a process of its own), measured on the server's side from the
// first case received to the last:
// - unlimited: how many cases per second the run sends (target ≥ 1,000), next to a bare `fetch`
//   loop in a new process sending as many requests at the same concurrency to the same server,
//   measured the same way (what this machine allows at all); both with the cases accepted in
//   each second, which show the first seconds of a new process running slower;
// - under an advertised rate limit (`limit` per `windowMs` fixed window, RateLimit-* headers,
//   429 with Retry-After beyond it): the share of each window's allowance the run used, over the
//   windows it was active in (first and last left out, as partial), target ≥ 95%; and how many
//   429s it met. Unless BENCH_EVAL_LIMIT is set, the limit is half of the unlimited rate measured
//   just before, so that the run could go faster and only the pacing is measured.
import { fork, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cliPath = fileURLToPath(new URL("../../packages/cli/dist/cli.js", import.meta.url));
const serverPath = fileURLToPath(new URL("./eval-bench-server.mjs", import.meta.url));
const policy = "00000000-0000-4000-8000-000000000001";

/**
 * Starts eval-bench-server.mjs in a child process (with an optional fixed-window `rateLimit`), so
 * that serving does not share an event loop with this process. Resolves once it listens.
 */
export async function startBenchServer(rateLimit) {
  const child = fork(serverPath, rateLimit ? [JSON.stringify(rateLimit)] : [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // Not the flags this process was started with (a profiler, `--input-type`): a plain server.
    execArgv: [],
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  /** Sends `type` and resolves with the server's answer of the same type. */
  const ask = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(message);
      };
      const onExit = (code) => {
        child.off("message", onMessage);
        reject(new Error(`the bench server exited (${code}) before it answered "${type}"`));
      };
      child.on("message", onMessage);
      child.on("exit", onExit);
      if (type !== "listening") child.send({ type });
    });
  const { port } = await ask("listening");
  return {
    url: `http://127.0.0.1:${port}`,
    /** Forgets what the server counted so far. */
    reset: () => ask("reset"),
    /** What the server counted: accepted requests, first and last accept times, per window. */
    figures: async () => (await ask("report")).figures,
    close: async () => {
      if (child.connected) child.send({ type: "close" });
      await exited;
    },
  };
}

/**
 * What a bare fetch loop achieves against `server`: a fresh process sends `cases` requests at
 * `concurrency`, each reading its whole answer, measured on the server's side as the command is
 * (so both include the same start-up of a new process).
 */
async function rawFetchCounts(server, cases, concurrency) {
  await server.reset();
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), "raw-client", server.url, String(concurrency), String(cases)],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const code = await new Promise((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`the bare fetch loop exited ${code}`);
  return server.figures();
}

/** The child side of {@link rawFetchCounts}: sends `cases` requests, `concurrency` at a time. */
async function rawClient(url, concurrency, cases) {
  const target = `${url}/organizations/policies/${policy}/enforce`;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < cases) {
        const payload = JSON.stringify({
          direction: "input",
          messages: [{ role: "user", content: `case number ${sent++}` }],
        });
        const response = await fetch(target, {
          method: "POST",
          body: payload,
          headers: { "content-type": "application/json", authorization: "Bearer sk-bench" },
        });
        await response.text();
      }
    }),
  );
}

/** Accepted requests per second, from the first accepted to the last, as the server saw them. */
function acceptRate(counts) {
  return counts.accepted / ((counts.lastAcceptedAt - counts.firstAcceptedAt) / 1000);
}

/** Runs `anthale eval` on `cases` generated cases against `server`; rejects unless it exits 0. */
async function runEval(server, cases, folder, concurrency) {
  const dataset = join(folder, "cases.jsonl");
  const lines = Array.from({ length: cases }, (_, index) =>
    JSON.stringify({ id: `c${index}`, text: `case number ${index}`, expect: { action: "allow" } }),
  );
  await writeFile(dataset, `${lines.join("\n")}\n`);
  const child = spawn(
    process.execPath,
    [
      cliPath,
      "eval",
      dataset,
      "--out",
      join(folder, "out"),
      "--no-progress",
      "--json",
      "--concurrency",
      String(concurrency),
    ],
    {
      env: {
        ...process.env,
        ANTHALE_API_KEY: "sk-bench",
        ANTHALE_BASE_URL: server.url,
        ANTHALE_POLICY_ID: policy,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`anthale eval exited ${code}: ${stderr}`);
}

/**
 * Measures both runs. Settings: `unlimitedCases` (default 10,000), `limit` per `windowMs`
 * (default: half the unlimited rate, per 1,000 ms), `limitedWindows` (default 6 windows' worth of
 * cases), `concurrency` (default 8, the command's default).
 */
export async function evalFigures(settings = {}) {
  const {
    unlimitedCases = Number(process.env.BENCH_EVAL_CASES ?? 10_000),
    windowMs = Number(process.env.BENCH_EVAL_WINDOW_MS ?? 1000),
    limitedWindows = 6,
    concurrency = Number(process.env.BENCH_EVAL_CONCURRENCY ?? 8),
  } = settings;
  const folder = await mkdtemp(join(tmpdir(), "anthale-eval-bench-"));
  try {
    const open = await startBenchServer();
    let raw;
    let unlimitedCounts;
    try {
      raw = await rawFetchCounts(open, unlimitedCases, concurrency);
      await open.reset();
      await runEval(open, unlimitedCases, folder, concurrency);
      unlimitedCounts = await open.figures();
    } finally {
      await open.close();
    }
    for (const [what, counts] of [
      ["the bare fetch loop", raw],
      ["anthale eval", unlimitedCounts],
    ]) {
      if (counts.accepted !== unlimitedCases) {
        throw new Error(
          `the server accepted ${counts.accepted} of the ${unlimitedCases} cases ${what} sent`,
        );
      }
    }
    const unlimitedRate = acceptRate(unlimitedCounts);
    const limit =
      settings.limit ??
      Number(
        process.env.BENCH_EVAL_LIMIT ??
          Math.max(20, Math.round((unlimitedRate / 2) * (windowMs / 1000))),
      );
    const limited = await startBenchServer({ limit, windowMs });
    let limitedCounts;
    try {
      await runEval(limited, limit * limitedWindows, folder, concurrency);
      limitedCounts = await limited.figures();
    } finally {
      await limited.close();
    }
    const acceptedIn = new Map(limitedCounts.acceptedIn);
    const refusedIn = new Map(limitedCounts.refusedIn);
    // Every window from the first to the last the run was active in: one it sat idle in (waiting
    // out a Retry-After) counts as 0, so an idle window cannot drop out of the share.
    const active = [...acceptedIn.keys(), ...refusedIn.keys()];
    const first = Math.min(...active);
    const windows = Array.from(
      { length: Math.max(...active) - first + 1 },
      (_, index) => first + index,
    );
    const counts = windows.map((window) => acceptedIn.get(window) ?? 0);
    const full = counts.slice(1, -1);
    const used = full.reduce((sum, count) => sum + count, 0) / (full.length * limit);
    // The windows (first and last left out) in which the run reached the limit, so that only the
    // pacing decided how many it sent: the others were slower than allowed by the machine itself.
    const middle = windows.slice(1, -1);
    const reached = middle.filter((window) => (refusedIn.get(window) ?? 0) > 0);
    const usedWhenReached =
      reached.reduce((sum, window) => sum + (acceptedIn.get(window) ?? 0), 0) /
      (reached.length * limit);
    return {
      settings: { unlimitedCases, limit, windowMs, limitedWindows, concurrency },
      unlimited: {
        cases: unlimitedCases,
        perSecond: unlimitedRate,
        // Cases accepted in each second of the server's clock (the first and last are partial):
        // shows how long the new process took to reach its full speed.
        eachSecond: unlimitedCounts.acceptedIn.map(([, count]) => count),
        // The server's CPU time over the run: next to the run's length, whether it was the limit.
        serverCpuMs: unlimitedCounts.cpuMs,
        rawFetchPerSecond: acceptRate(raw),
        rawFetchEachSecond: raw.acceptedIn.map(([, count]) => count),
      },
      limited: {
        allowedPerSecond: (limit * 1000) / windowMs,
        perWindow: counts,
        usedShare: used,
        windowsAtLimit: reached.length,
        windowsMeasured: middle.length,
        usedShareAtLimit: reached.length > 0 ? usedWhenReached : undefined,
        perSecond: (used * limit * 1000) / windowMs,
        refused: limitedCounts.refused,
      },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The rows of the eval table. */
export function evalRows({ settings, unlimited, limited }) {
  return [
    [
      "unlimited server",
      `${Math.round(unlimited.perSecond)} cases/s`,
      `${unlimited.cases} cases, concurrency ${settings.concurrency}, each second: ${unlimited.eachSecond.join(", ")}; a bare fetch loop sending as many at the same concurrency: ${Math.round(unlimited.rawFetchPerSecond)}/s (each second: ${unlimited.rawFetchEachSecond.join(", ")})`,
    ],
    [
      `${settings.limit} per ${settings.windowMs} ms window`,
      `${Math.round(limited.perSecond)} cases/s (${(limited.usedShare * 100).toFixed(1)}% of ${Math.round(limited.allowedPerSecond)}/s)`,
      `per window: ${limited.perWindow.join(", ")}; ${limited.refused} answered 429; the run reached the limit in ${limited.windowsAtLimit} of ${limited.windowsMeasured} full windows${limited.usedShareAtLimit === undefined ? "" : `, using ${(limited.usedShareAtLimit * 100).toFixed(1)}% of them`}`,
    ],
  ];
}

/** The eval targets. */
export function evalTargets({ unlimited, limited }) {
  return [
    {
      name: "anthale eval, unlimited server (cases/s)",
      value: Math.round(unlimited.perSecond),
      limit: "≥ 1000",
      pass: unlimited.perSecond >= 1000,
    },
    {
      name: "anthale eval under a rate limit, share of the allowance used",
      value: limited.usedShare,
      limit: "≥ 0.95",
      pass: limited.usedShare >= 0.95,
    },
  ];
}

// `node eval-bench.mjs` prints the figures alone; `raw-client` is the reference loop's child.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "raw-client") {
  await rawClient(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await evalFigures();
  console.log(JSON.stringify(figures, null, 2));
  for (const target of evalTargets(figures))
    console.log(target.name, target.value, target.limit, target.pass ? "PASS" : "FAIL");
}
