import { describe, expect, it } from "vitest";
import {
  NO_PROVIDER,
  RECORDING,
  TRACING_OFF,
  tracingRows,
  tracingTargets,
} from "./tracing-bench.mjs";

/** Figures where the API without a provider costs `noProvider` ms at p50 against 1 ms off. */
function figures(noProvider) {
  return {
    latency: {
      [TRACING_OFF]: { p50: 1, p99: 2, mean: 1.1 },
      [NO_PROVIDER]: { p50: noProvider, p99: 2, mean: 1.1 },
      [RECORDING]: { p50: 1.5, p99: 3, mean: 1.6 },
    },
    inProcess: { [TRACING_OFF]: 100, [NO_PROVIDER]: 104, [RECORDING]: 150 },
  };
}

describe("the tracing target", () => {
  it("passes when the API without a provider costs at most 5% more than tracing off", () => {
    expect(tracingTargets(figures(1.05))[0]).toMatchObject({ value: 1.05, pass: true });
  });

  it("fails beyond, whatever the recording tracer costs", () => {
    const [target] = tracingTargets(figures(1.06));
    expect(target.pass).toBe(false);
    expect(tracingTargets(figures(1.06))).toHaveLength(1);
  });
});

describe("the tracing rows", () => {
  it("give each set-up's figures and their ratios to tracing off, in order", () => {
    const rows = tracingRows(figures(1.02));
    expect(rows.map((row) => row[0])).toEqual([TRACING_OFF, NO_PROVIDER, RECORDING]);
    expect(rows[1]).toEqual([
      NO_PROVIDER,
      "1.020 ms",
      "1.020×",
      "2.000 ms",
      "104.0 µs/call",
      "1.040×",
    ]);
    expect(rows[2]?.[2]).toBe("1.500×");
  });
});
