#!/usr/bin/env node
// pnpm bench: the SDK against a bare fetch of the same request to the same local server.
// Prints a table with each target marked PASS or FAIL, writes the figures to .bench/, and exits 0
// when every target passes, 1 otherwise. The targets:
// - `enforce` p50 ≤ 1.15 × raw fetch p50; throughput ≥ 0.90 × raw fetch (interleaved, same run);
// - import of `@anthale/sdk` ≤ 15 ms over an empty script;
// - a guarded passthrough stream adds < 1 ms to the time to first chunk (see stream-bench.mjs);
// - guarded-call latency against stand-ins with set timing (see latency-bench.mjs): passthrough +
//   parallelInput first chunk ≤ max(T, A) + 5 ms; window first chunk ≤ the first window written
//   plus one check + 15 ms; every guarded call's total ≤ its floor + 20 ms;
// - redactText: 1 MB with 5,000 spans ≤ 50 ms; doubling both costs ≤ 2.5 times;
// - min+gzip: the core entry ≤ 6.5 kB, each integration entry ≤ 4 kB (see size-budget.mjs);
// - `anthale eval` (see eval-bench.mjs): ≥ 1,000 cases/s against an unlimited local server, and
//   ≥ 95% of the allowance of a server that advertises a rate limit;
// - `enforce` with @opentelemetry/api but no tracer provider: p50 ≤ 1.05 × tracing off (see
//   tracing-bench.mjs).
import { fork } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createContenders } from "./contenders.mjs";
import { evalFigures, evalRows, evalTargets } from "./eval-bench.mjs";
import { importTime } from "./import-time.mjs";
import { latencyFigures, latencyHeader, latencyRows, latencyTargets } from "./latency-bench.mjs";
import { pairedThroughput, sequentialLatency, throughput } from "./measure.mjs";
import { redactionFigures, redactionRows, redactionTargets } from "./redaction-bench.mjs";
import { checkBudgets } from "./size-budget.mjs";
import { streamFigures, streamHeader, streamRows, streamTargets } from "./stream-bench.mjs";
import { tracingFigures, tracingHeader, tracingRows, tracingTargets } from "./tracing-bench.mjs";

const settings = {
  warmup: Number(process.env.BENCH_WARMUP ?? 300),
  calls: Number(process.env.BENCH_CALLS ?? 2000),
  concurrency: 64,
  windowMs: Number(process.env.BENCH_WINDOW_MS ?? 1000),
  rounds: Number(process.env.BENCH_ROUNDS ?? 6),
};

const server = fork(fileURLToPath(new URL("./fixed-server.mjs", import.meta.url)), {
  stdio: "inherit",
});
const { url } = await new Promise((resolve) => server.once("message", resolve));
const results = { settings, node: process.version, date: new Date().toISOString() };
const targets = [];
const target = (name, value, limit, pass) => targets.push({ name, value, limit, pass });

try {
  const contenders = createContenders(url);
  console.log(
    `Sequential latency: ${settings.calls} calls each after ${settings.warmup} warm-up calls…`,
  );
  results.latency = await sequentialLatency(contenders, settings);
  console.log(
    `Throughput: concurrency ${settings.concurrency}, ${settings.rounds} windows of ${settings.windowMs} ms each, paired with the floor…`,
  );
  for (const contender of contenders) {
    await throughput(contender, { ...settings, durationMs: 1000 });
  }
  results.throughput = await pairedThroughput(contenders, settings);
} finally {
  server.kill();
}

console.log("Streams: time to first chunk and CPU per 1,000 chunks, guarded and not…");
results.streams = await streamFigures();

console.log(
  "Guarded-call latency: first chunk and total against stand-ins with set timing (median of several runs)…",
);
results.guardedLatency = await latencyFigures();

console.log("Redaction: 1 MB with 5,000 spans, and both doubled…");
results.redaction = redactionFigures();

console.log("anthale eval: cases per second against an unlimited server, then under a rate limit…");
results.eval = await evalFigures();

console.log(
  "Tracing: enforce with tracing off, with @opentelemetry/api but no provider, and with a recording tracer…",
);
results.tracing = await tracingFigures(settings);

console.log("Import time and bundle size…");
results.importTime = await importTime("@anthale/sdk");
results.size = await checkBudgets();

const floor = results.latency["raw fetch"];
const rows = Object.entries(results.latency).map(([name, { p50, p99 }]) => [
  name,
  `${p50.toFixed(3)} ms`,
  `${(p50 / floor.p50).toFixed(3)}×`,
  `${p99.toFixed(3)} ms`,
  `${(p99 / floor.p99).toFixed(3)}×`,
  `${Math.round(results.throughput[name].perSecond)}/s`,
  `${results.throughput[name].ratio.toFixed(3)}×`,
]);
const sdk = results.latency["sdk enforce"];
target(
  "sdk enforce p50 / raw fetch p50",
  sdk.p50 / floor.p50,
  "≤ 1.15",
  sdk.p50 / floor.p50 <= 1.15,
);
const sdkThroughput = results.throughput["sdk enforce"].ratio;
target("sdk enforce throughput / raw fetch", sdkThroughput, "≥ 0.90", sdkThroughput >= 0.9);
target(
  "import @anthale/sdk, over an empty script (ms)",
  results.importTime.overheadMs,
  "≤ 15 ms",
  results.importTime.overheadMs <= 15,
);
targets.push(...streamTargets(results.streams));
targets.push(...latencyTargets(results.guardedLatency));
targets.push(...redactionTargets(results.redaction));
targets.push(...evalTargets(results.eval));
targets.push(...tracingTargets(results.tracing));
for (const row of results.size) {
  target(`${row.entry} min+gzip bytes`, row.gzipped, `≤ ${row.limit} B`, row.pass);
}

function printTable(header, body) {
  const all = [header, ...body];
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => String(row[column]).length)),
  );
  const line = (row) =>
    `| ${row.map((cell, column) => String(cell).padEnd(widths[column])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of body) console.log(line(row));
}

console.log();
printTable(
  [
    "call",
    "p50",
    "p50 ratio",
    "p99",
    "p99 ratio",
    `throughput (c=${settings.concurrency})`,
    "ratio",
  ],
  rows,
);
console.log();
printTable(streamHeader, streamRows(results.streams));
console.log();
const stand = results.guardedLatency.settings;
console.log(
  `Guarded calls (openai chat completions) against stand-ins: T = ${stand.firstTokenMs} ms, ${stand.chunks} chunks of ${stand.chunkChars} characters ${stand.chunkGapMs} ms apart, A = ${stand.anthaleDelayMs} ms; median of ${stand.runs} runs.`,
);
printTable(latencyHeader, latencyRows(results.guardedLatency));
console.log();
printTable(["redaction (redactText, median)", "time"], redactionRows(results.redaction));
console.log();
printTable(["anthale eval", "throughput", "details"], evalRows(results.eval));
console.log();
printTable(tracingHeader, tracingRows(results.tracing));
console.log();
console.log(
  `Import of @anthale/sdk: ${results.importTime.overheadMs.toFixed(1)} ms over an empty script (p50), of which an empty module takes ${results.importTime.floorMs.toFixed(1)} ms (Node.js starting its module loader).`,
);
console.log();
printTable(
  ["target", "measured", "limit", "result"],
  targets.map(({ name, value, limit, pass }) => [
    name,
    Number.isInteger(value) ? value : value.toFixed(3),
    limit,
    pass ? "PASS" : "FAIL",
  ]),
);
results.targets = targets;
const folder = fileURLToPath(new URL("../../.bench/", import.meta.url));
await mkdir(folder, { recursive: true });
await writeFile(`${folder}results.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nFigures written to .bench/results.json (Node ${process.version}).`);
process.exitCode = targets.every((entry) => entry.pass) ? 0 : 1;
