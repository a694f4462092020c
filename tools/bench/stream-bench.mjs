// Stream figures: time to first chunk of text through an OpenAI client guarded in each streaming mode
// against the same client unguarded, and the guard's CPU cost per 1,000 chunks. The provider
// (server-sent events) and the enforcement server run in their own processes on loopback ports.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Anthale } from "@anthale/sdk";
import { guardOpenAI } from "@anthale/sdk/openai";
import OpenAI from "openai";
import { allowPolicy } from "./fixed-server.mjs";
import { quantile } from "./measure.mjs";

/** The streaming modes measured, and the name of the unguarded baseline. */
export const streamModes = ["buffer", "window", "passthrough"];
const unguarded = "unguarded";

function startChild(file) {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), { stdio: "inherit" });
  return new Promise((resolve) => child.once("message", ({ url }) => resolve({ url, child })));
}

function openAIClient(providerURL, chunks) {
  return new OpenAI({ apiKey: "bench-key", baseURL: `${providerURL}/${chunks}/v1`, maxRetries: 0 });
}

/** One client per contender: the bare client, then one guarded client per mode. */
function createStreamContenders(providerURL, anthaleURL, chunks) {
  const anthale = new Anthale({ apiKey: "bench-key", baseURL: anthaleURL, logLevel: "off" });
  return [
    { name: unguarded, client: openAIClient(providerURL, chunks) },
    ...streamModes.map((mode) => ({
      name: mode,
      client: guardOpenAI(openAIClient(providerURL, chunks), {
        policyId: allowPolicy,
        client: anthale,
        stream: mode,
      }),
    })),
  ];
}

const request = {
  model: "bench-model",
  stream: true,
  messages: [{ role: "user", content: "What is the best season to visit Lisbon?" }],
};

/**
 * Streams one answer to the end; resolves to the time to its first chunk of text (the first chunk
 * only names the role) and the CPU time the whole stream took.
 */
async function streamOnce(client) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let firstChunk = Number.NaN;
  let chunks = 0;
  for await (const chunk of await client.chat.completions.create(request)) {
    chunks++;
    if (Number.isNaN(firstChunk) && chunk.choices[0]?.delta?.content) {
      firstChunk = performance.now() - started;
    }
  }
  const used = process.cpuUsage(cpu);
  return { firstChunk, cpu: (used.user + used.system) / 1000, chunks };
}

/** Runs every contender `iterations` times, interleaved, and keeps each one's samples. */
async function sample(contenders, { warmup, iterations }) {
  for (let i = 0; i < warmup; i++)
    for (const contender of contenders) await streamOnce(contender.client);
  const samples = new Map(contenders.map((contender) => [contender.name, []]));
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < contenders.length; j++) {
      const contender = contenders[(i + j) % contenders.length];
      samples.get(contender.name).push(await streamOnce(contender.client));
    }
  }
  return samples;
}

const median = (values) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/**
 * Measures the stream figures. Resolves to `{ settings, firstChunk, cpuPer1000Chunks }`: per
 * contender the p50 time to first chunk of a short stream (ms) and the p50 CPU time of a
 * 1,000-chunk stream (ms), each with what the guard adds over the unguarded client.
 */
export async function streamFigures(settings = {}) {
  const options = {
    warmup: Number(process.env.BENCH_STREAM_WARMUP ?? settings.warmup ?? 100),
    iterations: Number(process.env.BENCH_STREAM_ITERATIONS ?? settings.iterations ?? 500),
    shortChunks: 60,
    longChunks: 1000,
  };
  const [provider, anthale] = await Promise.all([
    startChild("./sse-server.mjs"),
    startChild("./fixed-server.mjs"),
  ]);
  try {
    const short = await sample(
      createStreamContenders(provider.url, anthale.url, options.shortChunks),
      options,
    );
    const long = await sample(
      createStreamContenders(provider.url, anthale.url, options.longChunks),
      {
        warmup: Math.ceil(options.warmup / 10),
        iterations: Math.ceil(options.iterations / 5),
      },
    );
    const firstChunk = {};
    const cpuPer1000Chunks = {};
    for (const name of [unguarded, ...streamModes]) {
      firstChunk[name] = { p50: median(short.get(name).map((entry) => entry.firstChunk)) };
      const cpu = median(long.get(name).map((entry) => (entry.cpu * 1000) / entry.chunks));
      cpuPer1000Chunks[name] = { p50: cpu };
    }
    for (const name of streamModes) {
      firstChunk[name].added = firstChunk[name].p50 - firstChunk[unguarded].p50;
      cpuPer1000Chunks[name].added = cpuPer1000Chunks[name].p50 - cpuPer1000Chunks[unguarded].p50;
    }
    return { settings: options, firstChunk, cpuPer1000Chunks };
  } finally {
    provider.child.kill();
    anthale.child.kill();
  }
}

/** The table rows of the figures: contender, time to first chunk, added, CPU per 1,000 chunks, added. */
export function streamRows({ firstChunk, cpuPer1000Chunks }) {
  const ms = (value) => (value === undefined ? "" : `${value.toFixed(3)} ms`);
  return Object.keys(firstChunk).map((name) => [
    name === unguarded ? "openai stream, unguarded" : `openai stream, guarded "${name}"`,
    ms(firstChunk[name].p50),
    ms(firstChunk[name].added),
    ms(cpuPer1000Chunks[name].p50),
    ms(cpuPer1000Chunks[name].added),
  ]);
}

/** The stream target: a guarded passthrough stream adds < 1 ms to time to first chunk. */
export function streamTargets({ firstChunk }) {
  const added = firstChunk.passthrough.added;
  return [
    {
      name: "guarded passthrough stream, added time to first chunk (ms)",
      value: added,
      limit: "< 1 ms",
      pass: added < 1,
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await streamFigures();
  console.table(streamRows(figures));
  console.table(streamTargets(figures));
}
