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
 * script, and the difference (the import's own cost), in milliseconds.
 */
export async function importTime(specifier, runs = 15) {
  const empty = [];
  const loaded = [];
  for (let i = 0; i < runs; i++) {
    empty.push(await timeOnce(""));
    loaded.push(await timeOnce(`await import(${JSON.stringify(specifier)});`));
  }
  empty.sort((a, b) => a - b);
  loaded.sort((a, b) => a - b);
  const emptyMs = quantile(empty, 0.5);
  const importMs = quantile(loaded, 0.5);
  return { emptyMs, importMs, overheadMs: importMs - emptyMs };
}
