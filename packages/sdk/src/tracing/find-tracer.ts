// Finding the application's OpenTelemetry tracer when none was given: `@opentelemetry/api` is
// loaded the first time a traced call needs it (never when the SDK itself is loaded), once per
// process. Where it is not installed or cannot be loaded (a bundle without `node_modules`, a
// runtime that refuses the import), there is no tracing, silently.
import type { TracerLike } from "./tracer-types.js";

/** The name (instrumentation scope) of the tracer the SDK makes its spans with. */
export const TRACER_NAME = "@anthale/sdk";

/** The optional peer the global tracer is found through. */
const API_MODULE = "@opentelemetry/api";

/** What the search for the global tracer finds: the tracer, or nothing. */
export type TracerLookup = TracerLike | undefined;

/** The part of `@opentelemetry/api` the SDK uses. */
interface TraceApi {
  trace: { getTracer(name: string): unknown };
}

/** Whether `value` looks like the `@opentelemetry/api` module (or its CommonJS default export). */
function traceApiOf(value: unknown): TraceApi | undefined {
  for (const candidate of [value, (value as { default?: unknown } | null)?.default]) {
    const trace = (candidate as Partial<TraceApi> | null | undefined)?.trace;
    if (typeof trace?.getTracer === "function") return candidate as TraceApi;
  }
  return undefined;
}

/**
 * Loads `@opentelemetry/api`. The name is not written in the `import()` itself, and the comments
 * tell bundlers to leave the import alone, so that an application that does not install the
 * package builds as before; the import then runs (and may fail) at run time.
 */
function importTraceApi(): Promise<unknown> {
  const name = API_MODULE;
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name);
}

/** The global tracer of `api`, asked for anew on each call; `undefined` if it has none. */
function tracerOf(api: TraceApi): TracerLookup {
  try {
    const tracer = api.trace.getTracer(TRACER_NAME) as Partial<TracerLike> | undefined;
    return typeof tracer?.startActiveSpan === "function" ? (tracer as TracerLike) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A function that finds the global tracer through `load` (which loads `@opentelemetry/api`): the
 * first call starts loading it and returns a promise; once it has settled, every call returns the
 * tracer (or `undefined`) at once, without waiting. The tracer is asked of `@opentelemetry/api` on
 * every call, so a tracer provider registered, replaced or removed later is followed. Whatever
 * `load` does (throw, reject, resolve to something else), the lookup never fails: it finds nothing
 * and says nothing.
 */
export function createTracerLookup(
  load: () => Promise<unknown>,
): () => TracerLookup | Promise<TracerLookup> {
  let settled = false;
  let api: TraceApi | undefined;
  let pending: Promise<TracerLookup> | undefined;
  const settle = (module: unknown): TracerLookup => {
    try {
      api = traceApiOf(module);
    } catch {
      api = undefined;
    }
    settled = true;
    return api && tracerOf(api);
  };
  return () => {
    if (settled) return api && tracerOf(api);
    if (!pending) {
      let loading: Promise<unknown>;
      try {
        loading = Promise.resolve(load());
      } catch {
        loading = Promise.resolve(undefined);
      }
      pending = loading.then(settle, () => settle(undefined));
    }
    return pending;
  };
}

/**
 * The global tracer (named {@link TRACER_NAME}), found through `@opentelemetry/api`, which the
 * first call loads.
 */
export const findGlobalTracer = createTracerLookup(importTraceApi);
