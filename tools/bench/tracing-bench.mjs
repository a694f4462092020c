// The cost of OpenTelemetry tracing on `enforce`: the same call with tracing off (the path of an
// application without `@opentelemetry/api`), with the API loaded but no tracer provider
// registered, and with a recording tracer whose spans go to an exporter that drops them. Measured
// twice: latency against a local server (run in its own process), interleaved call by call, and
// time per call with an in-process `fetch`, where the SDK's own work is all there is to measure.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Anthale } from "@anthale/sdk";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { allowPolicy } from "./fixed-server.mjs";
import { sequentialLatency } from "./measure.mjs";

/** The rows, in order: the first is the reference of the others. */
export const TRACING_OFF = "enforce, tracing off (as without @opentelemetry/api)";
export const NO_PROVIDER = "enforce, @opentelemetry/api, no provider";
export const RECORDING = "enforce, recording tracer";

/** Most the API without a provider may add to the p50 of `enforce`, as a ratio to tracing off. */
const MAX_NO_PROVIDER_RATIO = 1.05;

const messages = [
  { role: "system", content: "You are a customer support assistant." },
  { role: "user", content: "My new address is jane.doe@example.com, please update my account." },
];

/** An exporter that drops every span: the cost measured is the SDK's and the span's, not I/O. */
const droppingExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
  forceFlush: async () => {},
};

/** The answer of the in-process `fetch`. */
const allowBody = JSON.stringify({ enforcerIdentifier: "e", action: "allow" });

/** A `fetch` that answers `allow` at once, in-process. */
const inProcessFetch = async () =>
  new Response(allowBody, { headers: { "content-type": "application/json" } });

/**
 * The three contenders for a server at `baseURL` (or, without one, with the in-process `fetch`).
 */
function contenders(baseURL) {
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(droppingExporter)],
  });
  const client = (tracing) =>
    new Anthale({
      apiKey: "bench-key",
      baseURL: baseURL ?? "http://127.0.0.1:9",
      logLevel: "off",
      tracing,
      ...(baseURL ? {} : { fetch: inProcessFetch }),
    });
  const params = { direction: "input", messages };
  const call = (anthale) => () => anthale.organizations.policies.enforce(allowPolicy, params);
  return [
    { name: TRACING_OFF, call: call(client(false)) },
    // No provider is ever registered globally in this process: the default finds the API's no-op.
    { name: NO_PROVIDER, call: call(client(true)) },
    { name: RECORDING, call: call(client({ tracer: provider.getTracer("bench") })) },
  ];
}

/**
 * Microseconds per call of each contender, median of `rounds` rounds of `calls` sequential calls
 * each, the contenders' rounds interleaved.
 */
async function timePerCall(list, { calls, rounds }) {
  const samples = new Map(list.map(({ name }) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const { name, call } of list) {
      const started = performance.now();
      for (let i = 0; i < calls; i++) await call();
      samples.get(name).push(((performance.now() - started) * 1000) / calls);
    }
  }
  return Object.fromEntries(
    [...samples].map(([name, values]) => [
      name,
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)],
    ]),
  );
}

/**
 * Sequential latency (p50, p99, mean in ms) of `enforce` against a local server in the three
 * set-ups, after `warmup` calls of each, over `calls` calls of each; and, as `inProcess`, the
 * microseconds per call with an in-process `fetch` (median of 15 interleaved rounds).
 */
export async function tracingFigures({ warmup, calls }) {
  const server = fork(fileURLToPath(new URL("./fixed-server.mjs", import.meta.url)), {
    stdio: "inherit",
  });
  let latency;
  try {
    const { url } = await new Promise((resolve) => server.once("message", resolve));
    latency = await sequentialLatency(contenders(url), { warmup, calls });
  } finally {
    server.kill();
  }
  const inProcess = contenders(undefined);
  await timePerCall(inProcess, { calls: warmup * 10, rounds: 1 });
  return { latency, inProcess: await timePerCall(inProcess, { calls: 2000, rounds: 15 }) };
}

/** The header of the table of {@link tracingRows}. */
export const tracingHeader = [
  "enforce with tracing",
  "p50 (local server)",
  "p50 ratio",
  "p99",
  "in-process fetch",
  "ratio",
];

/** One row per set-up, each figure also as a ratio to tracing off. */
export function tracingRows({ latency, inProcess }) {
  const reference = latency[TRACING_OFF];
  return Object.entries(latency).map(([name, { p50, p99 }]) => [
    name,
    `${p50.toFixed(3)} ms`,
    `${(p50 / reference.p50).toFixed(3)}×`,
    `${p99.toFixed(3)} ms`,
    `${inProcess[name].toFixed(1)} µs/call`,
    `${(inProcess[name] / inProcess[TRACING_OFF]).toFixed(3)}×`,
  ]);
}

/**
 * The target: with `@opentelemetry/api` installed but no provider registered, `enforce` costs what
 * it does with tracing off (p50 within 5%). The recording tracer's cost is reported, not bounded:
 * it depends on the application's span processor.
 */
export function tracingTargets({ latency }) {
  const ratio = latency[NO_PROVIDER].p50 / latency[TRACING_OFF].p50;
  return [
    {
      name: "enforce p50, OpenTelemetry API without provider / tracing off",
      value: ratio,
      limit: `≤ ${MAX_NO_PROVIDER_RATIO}`,
      pass: ratio <= MAX_NO_PROVIDER_RATIO,
    },
  ];
}

// `node tracing-bench.mjs`: this measurement alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await tracingFigures({
    warmup: Number(process.env.BENCH_WARMUP ?? 300),
    calls: Number(process.env.BENCH_CALLS ?? 2000),
  });
  console.log(tracingHeader.join(" | "));
  for (const row of tracingRows(figures)) console.log(row.join(" | "));
  for (const { name, value, limit, pass } of tracingTargets(figures)) {
    console.log(`${name}: ${value.toFixed(3)} (${limit}) ${pass ? "PASS" : "FAIL"}`);
  }
}
