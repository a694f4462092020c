// Guarded-call latency: what a user of a guarded model waits for, the first chunk of text and the
// end of the answer, through the real `openai` client guarded in each streaming mode (with and
// without `parallelInput`) and not streamed, against the unguarded client. The model and Anthale
// are local stand-ins with set timing (see stand-ins.mjs): the model's first token after T, then
// its chunks, and Anthale's answer after A.
//
// T and M below are the unguarded call's measured first chunk and total (the stand-in's T and the
// model's whole time, plus what the loopback and the client add), so the targets hold what the
// guard adds; A is the stand-in's delay.
//
// Each guarded call must make checks that cost at least A each; its floor is the least time those
// checks leave possible:
// - without `parallelInput`: A + M + A. The input check runs before the model is called, and the
//   output check needs the whole answer (buffer, passthrough and not streamed check it at the
//   end; window's final check covers the last chunk, so it cannot start before it);
// - with `parallelInput`: max(M, A) + A. The model is called while the input check runs, and the
//   output check starts once both are done.
// Targets: every guarded call's total ≤ its floor + 20 ms; passthrough with `parallelInput`: first
// chunk ≤ max(T, A) + 5 ms; window: first chunk ≤ the time the model wrote the first window
// (S + T + W, where S is A without `parallelInput` and 0 with it, and W the time between the first
// chunk and the one completing the first window), or A when later, plus A (its check) + 15 ms.
// Figures are medians of several runs, the contenders interleaved.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Anthale } from "@anthale/sdk";
import { guardOpenAI } from "@anthale/sdk/openai";
import OpenAI from "openai";
import { quantile } from "./measure.mjs";
import { standInSettings } from "./stand-ins.mjs";

/** The window sizes the window mode runs with: the SDK's defaults, given explicitly. */
const windows = { windowSize: 200, firstWindowSize: 32 };

const policyId = "00000000-0000-4000-8000-000000000001";
const request = {
  model: "bench-model",
  messages: [{ role: "user", content: "What is the best season to visit Lisbon?" }],
};

/** The calls measured: each with its name, whether it streams, and its guard options. */
export function latencyContenders() {
  const contenders = [
    { name: "unguarded", streamed: true },
    { name: "unguarded, not streamed", streamed: false },
  ];
  for (const mode of ["buffer", "window", "passthrough"]) {
    for (const parallelInput of [false, true]) {
      contenders.push({
        name: `${mode}${parallelInput ? " + parallelInput" : ""}`,
        streamed: true,
        guard: { stream: mode, parallelInput, ...(mode === "window" ? windows : {}) },
      });
    }
  }
  for (const parallelInput of [false, true]) {
    contenders.push({
      name: `not streamed${parallelInput ? " + parallelInput" : ""}`,
      streamed: false,
      guard: { parallelInput },
    });
  }
  return contenders;
}

/** The time (ms) the model takes to write the first window, from its first chunk. */
export function firstWindowMs({ chunkChars, chunkGapMs }) {
  return (Math.ceil(windows.firstWindowSize / chunkChars) - 1) * chunkGapMs;
}

/**
 * What each call is held to (see the header): `floor` and `totalLimit` for every guarded call,
 * `firstChunkLimit` for passthrough with `parallelInput` and for window; `unguarded` holds the
 * medians of the unguarded call of the same kind (streamed or not): `firstChunk` (T), `total` (M).
 */
export function limitsOf(contender, settings, unguarded) {
  if (!contender.guard) return {};
  const a = settings.anthaleDelayMs;
  const model = unguarded.total;
  const firstToken = unguarded.firstChunk;
  const parallel = contender.guard.parallelInput;
  const floor = parallel ? Math.max(model, a) + a : a + model + a;
  const limits = { floor, totalLimit: floor + 20 };
  if (contender.guard.stream === "passthrough" && parallel) {
    limits.firstChunkLimit = Math.max(firstToken, a) + 5;
  }
  if (contender.guard.stream === "window") {
    const written = (parallel ? 0 : a) + firstToken + firstWindowMs(settings);
    limits.firstChunkLimit = Math.max(written, a) + a + 15;
  }
  return limits;
}

/** Makes one call; resolves to the time to its first chunk of text and to its end (ms). */
async function callOnce(client, streamed) {
  const started = performance.now();
  if (!streamed) {
    await client.chat.completions.create(request);
    const total = performance.now() - started;
    return { firstChunk: total, total };
  }
  let firstChunk = Number.NaN;
  for await (const chunk of await client.chat.completions.create({ ...request, stream: true })) {
    if (Number.isNaN(firstChunk) && chunk.choices[0]?.delta?.content) {
      firstChunk = performance.now() - started;
    }
  }
  return { firstChunk, total: performance.now() - started };
}

const median = (values) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/**
 * Measures every contender `runs` times (after `warmup` runs each), interleaved. Resolves to
 * `{ settings, rows }`, with per contender its median first chunk and total (ms), and its limits.
 */
export async function latencyFigures(options = {}) {
  const settings = {
    ...standInSettings(),
    runs: Number(process.env.BENCH_LATENCY_RUNS ?? options.runs ?? 7),
    warmup: Number(process.env.BENCH_LATENCY_WARMUP ?? options.warmup ?? 1),
  };
  const child = fork(fileURLToPath(new URL("./stand-ins.mjs", import.meta.url)), {
    stdio: "inherit",
  });
  try {
    const { url } = await new Promise((resolve) => child.once("message", resolve));
    const anthale = new Anthale({ apiKey: "bench-key", baseURL: url, logLevel: "off" });
    const contenders = latencyContenders().map((contender) => {
      const model = new OpenAI({ apiKey: "bench-key", baseURL: `${url}/model/v1`, maxRetries: 0 });
      const client = contender.guard
        ? guardOpenAI(model, { policyId, client: anthale, ...contender.guard })
        : model;
      return { ...contender, client, samples: [] };
    });
    for (let run = 0; run < settings.warmup + settings.runs; run++) {
      for (let index = 0; index < contenders.length; index++) {
        const contender = contenders[(run + index) % contenders.length];
        const sample = await callOnce(contender.client, contender.streamed);
        if (run >= settings.warmup) contender.samples.push(sample);
      }
    }
    const rows = {};
    for (const { name, streamed, guard, samples } of contenders) {
      rows[name] = {
        streamed,
        guard,
        firstChunk: median(samples.map((sample) => sample.firstChunk)),
        total: median(samples.map((sample) => sample.total)),
      };
    }
    for (const row of Object.values(rows)) {
      const unguarded = rows[row.streamed ? "unguarded" : "unguarded, not streamed"];
      Object.assign(row, limitsOf(row, settings, unguarded));
    }
    return { settings, rows };
  } finally {
    child.kill();
  }
}

/** The header of the table of {@link latencyRows}. */
export const latencyHeader = [
  "call",
  "first chunk",
  "over unguarded",
  "total",
  "floor",
  "over its floor",
];

/** The table rows: call, first chunk, over unguarded, total, floor, total over the floor. */
export function latencyRows({ rows }) {
  const ms = (value) => (value === undefined ? "–" : `${Math.round(value)} ms`);
  const signed = (value) =>
    value === undefined ? "–" : `${value >= 0 ? "+" : ""}${Math.round(value)}`;
  return Object.entries(rows).map(([name, row]) => {
    const unguarded = rows[row.streamed ? "unguarded" : "unguarded, not streamed"];
    return [
      name,
      ms(row.firstChunk),
      row.guard ? signed(row.firstChunk - unguarded.firstChunk) : "–",
      ms(row.total),
      ms(row.floor),
      row.floor === undefined ? "–" : signed(row.total - row.floor),
    ];
  });
}

/** The targets of the figures (see the header), each `{ name, value, limit, pass }`. */
export function latencyTargets({ rows }) {
  const targets = [];
  for (const [name, row] of Object.entries(rows)) {
    if (row.firstChunkLimit !== undefined) {
      targets.push({
        name: `guarded call "${name}", first chunk (ms)`,
        value: row.firstChunk,
        limit: `≤ ${row.firstChunkLimit.toFixed(1)} ms`,
        pass: row.firstChunk <= row.firstChunkLimit,
      });
    }
    if (row.totalLimit !== undefined) {
      targets.push({
        name: `guarded call "${name}", total (ms)`,
        value: row.total,
        limit: `≤ ${row.totalLimit.toFixed(1)} ms (floor + 20)`,
        pass: row.total <= row.totalLimit,
      });
    }
  }
  return targets;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await latencyFigures();
  console.log(figures.settings);
  console.table(
    latencyRows(figures).map((row) =>
      Object.fromEntries(latencyHeader.map((column, index) => [column, row[index]])),
    ),
  );
  console.table(latencyTargets(figures));
}
