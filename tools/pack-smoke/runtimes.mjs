#!/usr/bin/env node
// pnpm test:runtimes: the packed SDK on every supported runtime, printed as a runtime × check
// table. Exits non-zero when any check fails.
// - Node.js 20, 22 and 24, Bun and Deno run the pack smoke checks: ESM, CommonJS, every CommonJS
//   entry and the types, against the Prism mock.
// - Cloudflare's workerd and Vercel's Edge Runtime run a worker bundled with the packed SDK and
//   the AI SDK, against a local fake Anthale: `enforce` on each action, a timeout, an abort and a
//   guarded AI SDK stream.
import { rm } from "node:fs/promises";
import { startMockServer } from "@anthale/mock-server";
import { runEdgeChecks } from "./edge/edge-checks.mjs";
import { edgeCheckNames } from "./edge/edge-expectations.mjs";
import { startFakeAnthale } from "./edge/fake-anthale.mjs";
import {
  edgeRuntimeSpecs,
  installEdgeRuntime,
  installRuntime,
  runtimeSpecs,
} from "./install-runtimes.mjs";
import { createSmokeApp } from "./pack-app.mjs";
import { runCheck } from "./smoke-checks.mjs";

const packageChecks = ["esm", "cjs", "cjs-entries", "types"];
const columns = [...packageChecks, ...edgeCheckNames];
/** The cell of a check that does not apply to a runtime. */
const notApplicable = "–";

const app = await createSmokeApp();
const mock = await startMockServer();
const fake = await startFakeAnthale();
const rows = [];
const failures = [];

/** A row: the runtime's label, then one cell per column (`results` by check, missing = n/a). */
function rowOf(label, results) {
  const cells = columns.map((check) => {
    const result = results[check];
    if (!result) return notApplicable;
    if (!result.ok) failures.push(`${label} ${check}:\n${result.output}`);
    return result.ok ? "pass" : "FAIL";
  });
  return [label, ...cells];
}

/** A row for a runtime that could not be installed: every check it has fails. */
function notInstalledRow(name, checks, error) {
  failures.push(`${name}: ${error.message}`);
  return [
    name,
    ...columns.map((check) => (checks.includes(check) ? "not installed" : notApplicable)),
  ];
}

try {
  const installed = new Map();
  for (const spec of runtimeSpecs) {
    let runtime;
    try {
      runtime = await installRuntime(spec);
    } catch (error) {
      rows.push(notInstalledRow(spec.name, packageChecks, error));
      continue;
    }
    installed.set(spec.name, runtime);
    const results = {};
    for (const check of packageChecks) {
      results[check] = await runCheck(check, runtime, app, mock.url);
    }
    rows.push(rowOf(runtime.name, results));
  }
  for (const spec of edgeRuntimeSpecs) {
    let runtime;
    try {
      runtime = await installEdgeRuntime(spec, installed);
    } catch (error) {
      rows.push(notInstalledRow(spec.name, edgeCheckNames, error));
      continue;
    }
    let results;
    try {
      results = await runEdgeChecks(runtime, app, fake);
    } catch (error) {
      const output = String(error?.stack ?? error);
      results = Object.fromEntries(edgeCheckNames.map((check) => [check, { ok: false, output }]));
    }
    rows.push(rowOf(runtime.label, results));
  }
} finally {
  await fake.stop();
  await mock.stop();
  await rm(app, { recursive: true, force: true });
}

const table = [["runtime", ...columns], ...rows];
const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
console.log(line(table[0]));
console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
for (const failure of failures) console.error(`\n${failure}`);
const cells = rows.flatMap((row) => row.slice(1)).filter((cell) => cell !== notApplicable);
const passed = cells.filter((cell) => cell === "pass").length;
console.log(`\nruntimes: ${passed} passed, ${cells.length - passed} failed`);
process.exitCode = failures.length > 0 ? 1 : 0;
