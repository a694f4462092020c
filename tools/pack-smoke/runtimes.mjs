#!/usr/bin/env node
// pnpm test:runtimes: the pack smoke checks (ESM, CommonJS, every CommonJS entry, types) under
// Node.js 20, 22 and 24, Bun and Deno, printed as a runtime × check table. Exits non-zero when any
// check fails.
import { rm } from "node:fs/promises";
import { startMockServer } from "@anthale/mock-server";
import { installRuntime, runtimeSpecs } from "./install-runtimes.mjs";
import { createSmokeApp } from "./pack-app.mjs";
import { runCheck } from "./smoke-checks.mjs";

const checks = ["esm", "cjs", "cjs-entries", "types"];
const app = await createSmokeApp();
const mock = await startMockServer();
const rows = [];
const failures = [];
try {
  for (const spec of runtimeSpecs) {
    let runtime;
    try {
      runtime = await installRuntime(spec);
    } catch (error) {
      rows.push([spec.name, ...checks.map(() => "not installed")]);
      failures.push(`${spec.name}: ${error.message}`);
      continue;
    }
    const cells = [];
    for (const check of checks) {
      const result = await runCheck(check, runtime, app, mock.url);
      cells.push(result.ok ? "pass" : "FAIL");
      if (!result.ok) failures.push(`${runtime.name} ${check}:\n${result.output}`);
    }
    rows.push([runtime.name, ...cells]);
  }
} finally {
  await mock.stop();
  await rm(app, { recursive: true, force: true });
}

const table = [["runtime", ...checks], ...rows];
const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
console.log(line(table[0]));
console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
for (const failure of failures) console.error(`\n${failure}`);
const passed = rows.flatMap((row) => row.slice(1)).filter((cell) => cell === "pass").length;
console.log(`\nruntimes: ${passed} passed, ${rows.length * checks.length - passed} failed`);
process.exitCode = failures.length > 0 ? 1 : 0;
