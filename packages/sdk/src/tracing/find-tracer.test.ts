import { afterEach, describe, expect, it, vi } from "vitest";
import { createTracerLookup, TRACER_NAME } from "./find-tracer.js";
import type { TracerLike } from "./tracer-types.js";

const tracer: TracerLike = {
  startActiveSpan: (_name, _options, fn) => fn({} as never) as ReturnType<typeof fn>,
};

/** A stand-in for `@opentelemetry/api` whose `getTracer` records the names asked for. */
function fakeApi() {
  const names: string[] = [];
  return {
    names,
    module: {
      trace: {
        getTracer(name: string) {
          names.push(name);
          return tracer;
        },
      },
    },
  };
}

afterEach(() => vi.restoreAllMocks());

describe("createTracerLookup", () => {
  it("loads once, waits only for the first lookup, then asks for the tracer on each call", async () => {
    const api = fakeApi();
    const load = vi.fn(async () => api.module);
    const lookup = createTracerLookup(load);
    const first = lookup();
    const second = lookup();
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBe(first);
    expect(await first).toBe(tracer);
    expect(lookup()).toBe(tracer);
    expect(lookup()).toBe(tracer);
    expect(load).toHaveBeenCalledTimes(1);
    expect(api.names).toEqual([TRACER_NAME, TRACER_NAME, TRACER_NAME]);
  });

  it("finds the API under a CommonJS module's default export", async () => {
    const api = fakeApi();
    expect(await createTracerLookup(async () => ({ default: api.module }))()).toBe(tracer);
  });

  it("finds nothing, silently and once, when the API cannot be loaded or is not the API", async () => {
    const said = [
      vi.spyOn(console, "warn"),
      vi.spyOn(console, "error"),
      vi.spyOn(console, "log"),
      vi.spyOn(console, "debug"),
    ];
    const loads: (() => Promise<unknown>)[] = [
      () => Promise.reject(new Error("Cannot find package '@opentelemetry/api'")),
      () => {
        throw new Error("import() is not allowed here");
      },
      async () => undefined,
      async () => ({ trace: {} }),
      async () => ({ trace: { getTracer: () => ({}) } }),
      async () => ({
        trace: {
          getTracer: () => {
            throw new Error("broken");
          },
        },
      }),
      async () =>
        Object.defineProperty({}, "trace", {
          get() {
            throw new Error("hostile getter");
          },
        }),
    ];
    for (const load of loads) {
      const counted = vi.fn(load);
      const lookup = createTracerLookup(counted);
      expect(await lookup()).toBeUndefined();
      expect(lookup()).toBeUndefined();
      expect(counted).toHaveBeenCalledTimes(1);
    }
    for (const spy of said) expect(spy).not.toHaveBeenCalled();
  });
});
