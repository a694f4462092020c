// The throughput of `anthale eval` (the built binary, spawned as a user runs it) against a local
// server, measured on the server's side from the first case received to the last:
// - unlimited: how many cases per second the run sends (target ≥ 1,000), next to a bare `fetch`
//   loop at the same concurrency against the same server (what this machine allows at all);
// - under an advertised rate limit (`limit` per `windowMs` fixed window, RateLimit-* headers,
//   429 with Retry-After beyond it): the share of each window's allowance the run used, over the
//   windows it was active in (first and last left out, as partial), target ≥ 95%; and how many
//   429s it met. Unless BENCH_EVAL_LIMIT is set, the limit is half of the unlimited rate measured
//   just before, so that the run could go faster and only the pacing is measured.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cliPath = fileURLToPath(new URL("../../packages/cli/dist/cli.js", import.meta.url));
const policy = "00000000-0000-4000-8000-000000000001";
const body = JSON.stringify({
  enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f",
  action: "allow",
  evaluations: [
    { guardrailKey: "prompt-injection-protection", action: "allow", score: 0.01, threads: [] },
  ],
});

/** A server answering `allow`, with an optional fixed-window rate limit; records accept times. */
function startServer(rateLimit) {
  const accepted = [];
  let refused = 0;
  const windows = new Map();
  const refusedIn = new Map();
  // Windows start when the server does, so the run meets them at whatever phase it starts in.
  const started = performance.now();
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const now = performance.now();
      const headers = { "content-type": "application/json" };
      if (rateLimit) {
        const elapsed = now - started;
        const window = Math.floor(elapsed / rateLimit.windowMs);
        const used = windows.get(window) ?? 0;
        const reset = Math.ceil(((window + 1) * rateLimit.windowMs - elapsed) / 1000);
        headers["ratelimit-limit"] = String(rateLimit.limit);
        headers["ratelimit-reset"] = String(reset);
        headers["ratelimit-remaining"] = String(Math.max(0, rateLimit.limit - used - 1));
        if (used >= rateLimit.limit) {
          refused++;
          refusedIn.set(window, (refusedIn.get(window) ?? 0) + 1);
          headers["retry-after"] = String(reset);
          response.writeHead(429, headers).end('{"error":{"title":"TooManyRequests"}}');
          return;
        }
        windows.set(window, used + 1);
      }
      accepted.push(now);
      response.writeHead(200, headers).end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        accepted,
        windows,
        refusedIn,
        refused: () => refused,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/** Cases per second of a bare fetch loop at `concurrency`, run in a child process for `ms`. */
async function rawFetchRate(server, concurrency, ms = 3000) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), "raw-client", server.url, String(concurrency), String(ms)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    out += chunk;
  });
  await new Promise((resolve) => child.on("close", resolve));
  return Number(out.trim());
}

/** The child side of {@link rawFetchRate}: prints its rate. */
async function rawClient(url, concurrency, ms) {
  const target = `${url}/organizations/policies/${policy}/enforce`;
  const payload = JSON.stringify({
    direction: "input",
    messages: [{ role: "user", content: "case number 1" }],
  });
  let count = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const response = await fetch(target, {
          method: "POST",
          body: payload,
          headers: { "content-type": "application/json", authorization: "Bearer sk-bench" },
        });
        await response.text();
        count++;
      }
    }),
  );
  console.log(String((count * 1000) / ms));
}

/** Runs `anthale eval` on `cases` generated cases against `server`; resolves with its exit code. */
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
    const open = await startServer();
    let rawPerSecond;
    try {
      rawPerSecond = await rawFetchRate(open, concurrency);
      open.accepted.length = 0;
      await runEval(open, unlimitedCases, folder, concurrency);
    } finally {
      await open.close();
    }
    const unlimitedSeconds = (open.accepted.at(-1) - open.accepted[0]) / 1000;
    const unlimitedRate = unlimitedCases / unlimitedSeconds;
    const limit =
      settings.limit ??
      Number(
        process.env.BENCH_EVAL_LIMIT ??
          Math.max(20, Math.round((unlimitedRate / 2) * (windowMs / 1000))),
      );
    const limited = await startServer({ limit, windowMs });
    try {
      await runEval(limited, limit * limitedWindows, folder, concurrency);
    } finally {
      await limited.close();
    }
    const windows = [...limited.windows.keys()].sort((a, b) => a - b);
    const counts = windows.map((window) => limited.windows.get(window));
    const full = counts.slice(1, -1);
    const used = full.reduce((sum, count) => sum + count, 0) / (full.length * limit);
    // The windows (first and last left out) in which the run reached the limit, so that only the
    // pacing decided how many it sent: the others were slower than allowed by the machine itself.
    const middle = windows.slice(1, -1);
    const reached = middle.filter((window) => (limited.refusedIn.get(window) ?? 0) > 0);
    const usedWhenReached =
      reached.reduce((sum, window) => sum + limited.windows.get(window), 0) /
      (reached.length * limit);
    return {
      settings: { unlimitedCases, limit, windowMs, limitedWindows, concurrency },
      unlimited: {
        cases: unlimitedCases,
        perSecond: unlimitedRate,
        rawFetchPerSecond: rawPerSecond,
      },
      limited: {
        allowedPerSecond: (limit * 1000) / windowMs,
        perWindow: counts,
        usedShare: used,
        windowsAtLimit: reached.length,
        windowsMeasured: middle.length,
        usedShareAtLimit: reached.length > 0 ? usedWhenReached : undefined,
        perSecond: (used * limit * 1000) / windowMs,
        refused: limited.refused(),
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
      `${unlimited.cases} cases, concurrency ${settings.concurrency}; a bare fetch loop at the same concurrency: ${Math.round(unlimited.rawFetchPerSecond)}/s`,
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
