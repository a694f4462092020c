import { describe, expect, it } from "vitest";
import { streamRows, streamTargets } from "./stream-bench.mjs";

/** Stream figures where the input check alone adds `check` ms and passthrough `passthrough` ms. */
function figures(check, passthrough) {
  const unguarded = 2;
  const checked = unguarded + check;
  const firstChunk = {
    unguarded: { p50: unguarded },
    "input checked, then unguarded": { p50: checked, added: check },
    passthrough: {
      p50: unguarded + passthrough,
      added: passthrough,
      addedByGuard: unguarded + passthrough - checked,
    },
  };
  const cpuPer1000Chunks = Object.fromEntries(
    Object.keys(firstChunk).map((name) => [name, { p50: 30, added: 0 }]),
  );
  return { firstChunk, cpuPer1000Chunks };
}

describe("the passthrough stream target", () => {
  it("holds what the guard adds beyond the input check, not the check's round trip", () => {
    // The check takes 1.3 ms; the guarded stream 1.5 ms in all: the guard's own part is 0.2 ms.
    const [target] = streamTargets(figures(1.3, 1.5));
    expect(target.value).toBeCloseTo(0.2, 9);
    expect(target.pass).toBe(true);
  });

  it("fails when the guard adds 1 ms or more beyond the input check, or was not measured", () => {
    expect(streamTargets(figures(0.5, 1.5))[0].pass).toBe(false);
    expect(streamTargets(figures(0.5, Number.NaN))[0].pass).toBe(false);
  });

  it("shows both figures in its row: added over unguarded, and beyond the input check", () => {
    const rows = streamRows(figures(1.3, 1.5));
    expect(rows.map((row) => row[0])).toEqual([
      "openai stream, unguarded",
      "openai stream, input checked, then unguarded",
      'openai stream, guarded "passthrough"',
    ]);
    expect(rows[2].slice(1, 4)).toEqual(["3.500 ms", "1.500 ms", "0.200 ms"]);
  });
});
