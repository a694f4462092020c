// The checks the smoke app runs: an ESM script, a CommonJS script, a CommonJS script over every
// entry (the root entry as a class, the integrations sharing its core) and a type check, each with
// a given runtime, against a mock server URL.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { tscPath } from "./pack-app.mjs";

const run = promisify(execFile);

/**
 * How a runtime runs a script: a command and the arguments placed before the script's path.
 * @typedef {{ name: string, command: string, args?: string[] }} Runtime
 */

/** Node.js running this process. */
export const currentNode = { name: `node ${process.versions.node}`, command: process.execPath };

/** The script each check runs, by check. */
const scripts = { esm: "esm.mjs", cjs: "cjs.cjs", "cjs-entries": "cjs-entries.cjs" };

/**
 * Runs one check; resolves to { ok, output }.
 * @param {"esm" | "cjs" | "cjs-entries" | "types"} check
 * @param {Runtime} runtime
 * @param {string} app the smoke app's folder
 * @param {string} mockUrl base URL of the Prism mock
 */
export async function runCheck(check, runtime, app, mockUrl) {
  const [command, args] =
    check === "types"
      ? [
          runtime.command,
          [...(runtime.typeArgs ?? runtime.args ?? []), tscPath, "-p", join(app, "tsconfig.json")],
        ]
      : [runtime.command, [...(runtime.args ?? []), join(app, scripts[check]), mockUrl]];
  try {
    const { stdout, stderr } = await run(command, args, { cwd: app, timeout: 120_000 });
    return { ok: true, output: `${stdout}${stderr}`.trim() };
  } catch (error) {
    return {
      ok: false,
      output: `${error.stdout ?? ""}${error.stderr ?? ""}${error.message}`.trim(),
    };
  }
}
