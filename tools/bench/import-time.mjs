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

const emptyModule = JSON.stringify(new URL("./empty-module.mjs", import.meta.url).href);

/**
 * Median wall time of `runs` fresh processes importing `specifier`, of `runs` running an empty
 * script, and the import's own cost in milliseconds (`overheadMs`): the median of the differences
 * within each round of runs made back to back, so that the machine's drift during the
 * measurement cancels out. Also `floorMs`, measured the same way: what importing a module with
 * nothing in it costs over the empty script (Node.js starting its module loader), which every
 * import pays and no package can lower.
 */
export async function importTime(specifier, runs = 25) {
  const empty = [];
  const loaded = [];
  const differences = [];
  const floors = [];
  for (let i = 0; i < runs; i++) {
    const emptyMs = await timeOnce("");
    const importMs = await timeOnce(`await import(${JSON.stringify(specifier)});`);
    const floorMs = await timeOnce(`await import(${emptyModule});`);
    empty.push(emptyMs);
    loaded.push(importMs);
    differences.push(importMs - emptyMs);
    floors.push(floorMs - emptyMs);
  }
  const median = (values) =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  return {
    emptyMs: median(empty),
    importMs: median(loaded),
    overheadMs: median(differences),
    floorMs: median(floors),
  };
}
