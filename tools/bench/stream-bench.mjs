// Stream figures: time to first chunk of text through an OpenAI client guarded in each streaming mode
// against the same client unguarded, and the guard's CPU cost per 1,000 chunks. The provider
// (server-sent events) and the enforcement server run in their own processes on loopback ports.
//
// A guarded call checks its input before it calls the provider, in every mode, so its first chunk
// waits for one enforcement round trip whatever the mode. What a mode adds on top of that is
// measured against a call that checks the same input with `PolicyEnforcer` and then streams
// unguarded: that is the figure the passthrough target holds (the round trip itself is measured,
// and held to its own target, by the enforce latency rows).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Anthale, PolicyEnforcer } from "@anthale/sdk";
import { guardOpenAI } from "@anthale/sdk/openai";
import OpenAI from "openai";
import { allowPolicy } from "./fixed-server.mjs";
import { quantile } from "./measure.mjs";

/** The streaming modes measured, and the names of the two baselines. */
const streamModes = ["buffer", "window", "passthrough"];
const unguarded = "unguarded";
const checkedFirst = "input checked, then unguarded";

function startChild(file) {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), { stdio: "inherit" });
  return new Promise((resolve) => child.once("message", ({ url }) => resolve({ url, child })));
}

function openAIClient(providerURL, chunks) {
  return new OpenAI({ apiKey: "bench-key", baseURL: `${providerURL}/${chunks}/v1`, maxRetries: 0 });
}

const request = {
  model: "bench-model",
  stream: true,
  messages: [{ role: "user", content: "What is the best season to visit Lisbon?" }],
};

/** The request's input as the guard checks it. */
const input = {
  direction: "input",
  messages: [{ role: "user", content: [{ type: "text", text: request.messages[0].content }] }],
};

/**
 * One contender per way of streaming; each `stream()` resolves to the stream of one answer: the
 * bare client; the bare client called once `PolicyEnforcer` passed the input (the guard's input
 * check by hand); then one guarded client per mode.
 */
function createStreamContenders(providerURL, anthaleURL, chunks) {
  const anthale = new Anthale({ apiKey: "bench-key", baseURL: anthaleURL, logLevel: "off" });
  const bare = openAIClient(providerURL, chunks);
  const enforcer = new PolicyEnforcer({ policyId: allowPolicy, client: anthale });
  const afterCheck = openAIClient(providerURL, chunks);
  return [
    { name: unguarded, stream: () => bare.chat.completions.create(request) },
    {
      name: checkedFirst,
      stream: async () => {
        await enforcer.enforce(input);
        return afterCheck.chat.completions.create(request);
      },
    },
    ...streamModes.map((mode) => {
      const guarded = guardOpenAI(openAIClient(providerURL, chunks), {
        policyId: allowPolicy,
        client: anthale,
        stream: mode,
      });
      return { name: mode, stream: () => guarded.chat.completions.create(request) };
    }),
  ];
}

/**
 * Streams one answer to the end; resolves to the time to its first chunk of text (the first chunk
 * only names the role) and the CPU time the whole stream took.
 */
async function streamOnce(contender) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let firstChunk = Number.NaN;
  let chunks = 0;
  for await (const chunk of await contender.stream()) {
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
  for (let i = 0; i < warmup; i++) for (const contender of contenders) await streamOnce(contender);
  const samples = new Map(contenders.map((contender) => [contender.name, []]));
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < contenders.length; j++) {
      const contender = contenders[(i + j) % contenders.length];
      samples.get(contender.name).push(await streamOnce(contender));
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
 * 1,000-chunk stream (ms), each with what it adds over the unguarded client (`added`); for each
 * mode, the time to first chunk also with what it adds over the input checked by hand
 * (`addedByGuard`).
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
    for (const name of [unguarded, checkedFirst, ...streamModes]) {
      firstChunk[name] = { p50: median(short.get(name).map((entry) => entry.firstChunk)) };
      const cpu = median(long.get(name).map((entry) => (entry.cpu * 1000) / entry.chunks));
      cpuPer1000Chunks[name] = { p50: cpu };
    }
    for (const name of [checkedFirst, ...streamModes]) {
      firstChunk[name].added = firstChunk[name].p50 - firstChunk[unguarded].p50;
      cpuPer1000Chunks[name].added = cpuPer1000Chunks[name].p50 - cpuPer1000Chunks[unguarded].p50;
    }
    for (const name of streamModes) {
      firstChunk[name].addedByGuard = firstChunk[name].p50 - firstChunk[checkedFirst].p50;
    }
    return { settings: options, firstChunk, cpuPer1000Chunks };
  } finally {
    provider.child.kill();
    anthale.child.kill();
  }
}

/** The header of the table of {@link streamRows}. */
export const streamHeader = [
  "stream",
  "time to first chunk p50",
  "added",
  "added beyond the input check",
  "CPU per 1,000 chunks p50",
  "added",
];

/**
 * The table rows of the figures: contender, time to first chunk, added over unguarded, added over
 * the input checked by hand, CPU per 1,000 chunks, added over unguarded.
 */
export function streamRows({ firstChunk, cpuPer1000Chunks }) {
  const ms = (value) => (value === undefined ? "" : `${value.toFixed(3)} ms`);
  const label = (name) =>
    streamModes.includes(name) ? `openai stream, guarded "${name}"` : `openai stream, ${name}`;
  return Object.keys(firstChunk).map((name) => [
    label(name),
    ms(firstChunk[name].p50),
    ms(firstChunk[name].added),
    ms(firstChunk[name].addedByGuard),
    ms(cpuPer1000Chunks[name].p50),
    ms(cpuPer1000Chunks[name].added),
  ]);
}

/**
 * The stream target: a guarded passthrough stream adds < 1 ms to the time to first chunk, beyond
 * the input check every guarded call waits for.
 */
export function streamTargets({ firstChunk }) {
  const added = firstChunk.passthrough.addedByGuard;
  return [
    {
      name: "guarded passthrough stream, time to first chunk added beyond its input check (ms)",
      value: added,
      limit: "< 1 ms",
      pass: added < 1,
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await streamFigures();
  console.table(
    streamRows(figures).map((row) =>
      Object.fromEntries(streamHeader.map((column, index) => [column, row[index]])),
    ),
  );
  console.table(streamTargets(figures));
}
