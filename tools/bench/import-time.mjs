// Cold import time of a module in a fresh Node.js process, against an empty script.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { quantile } from "./measure.mjs";

const run = promisify(execFile);

async function timeOnce(script) {
  const started = performance.now();
  await run(process.execPath, ["--input-type=module", "-e", script], { cwd: import.meta.dirname });
  return performance.now() - started;
}

/**
 * Median wall time of `runs` fresh processes importing `specifier`, of `runs` running an empty
 * script, and the import's own cost in milliseconds: the median of the differences within each
 * pair of runs made back to back, so that the machine's drift during the measurement cancels out.
 */
export async function importTime(specifier, runs = 25) {
  const empty = [];
  const loaded = [];
  const differences = [];
  for (let i = 0; i < runs; i++) {
    const emptyMs = await timeOnce("");
    const importMs = await timeOnce(`await import(${JSON.stringify(specifier)});`);
    empty.push(emptyMs);
    loaded.push(importMs);
    differences.push(importMs - emptyMs);
  }
  const median = (values) =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  return { emptyMs: median(empty), importMs: median(loaded), overheadMs: median(differences) };
}
