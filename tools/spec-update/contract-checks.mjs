// The checks a new contract must pass before it is accepted: Spectral on the contract, the
// client's build, `tsc --noEmit` of every workspace package that depends on the client, and the
// SDK's contract tests against a Prism mock of the new contract. Each check runs a command in the
// workspace and reports what it printed; none throws for a failure.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** The client's package name, whose dependents are checked. */
const clientName = "@anthale/client";

/** The SDK's package name, whose contract tests run against the new contract. */
const sdkName = "@anthale/sdk";

/** The folder, inside the SDK, of its contract tests. */
const contractTests = "test/contract";

/**
 * What a check found.
 * @typedef {object} CheckResult
 * @property {string} name what was checked, for people (`tsc --noEmit in packages/sdk`)
 * @property {boolean} ok whether it passed
 * @property {string} output what it printed
 * @property {string} [package] the workspace package checked, when there is one
 * @property {string[]} [details] the lines that say where it failed (compiler errors, failed tests)
 */

/**
 * Runs a command and collects what it prints; resolves whatever its exit code.
 * @param {string} command the program
 * @param {string[]} args its arguments
 * @param {string} cwd where it runs
 * @returns {Promise<{ ok: boolean, output: string }>}
 */
function runCommand(command, args, cwd) {
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", (error) => resolve({ ok: false, output: `${output}${error.message}\n` }));
    child.on("close", (code) => resolve({ ok: code === 0, output }));
  });
}

/** The code generator's folder, whose dependencies include Spectral (`pnpm lint:contract`). */
const codegenFolder = dirname(fileURLToPath(import.meta.resolve("@anthale/codegen/generate.mjs")));

/**
 * Lints a contract with Spectral and the workspace's ruleset (`openapi/.spectral.yaml`), failing
 * on warnings as `pnpm lint:contract` does. The contract is linted from a temporary file; the
 * output names it by `label`.
 * @param {string} root the workspace's root folder
 * @param {string} text the contract
 * @param {string} label the name to show for it (its source)
 * @returns {Promise<CheckResult>}
 */
async function lintContract(root, text, label) {
  const folder = await mkdtemp(join(tmpdir(), "anthale-lint-"));
  try {
    const file = join(folder, basename(label).replace(/[^\w.-]/g, "_") || "contract.yaml");
    await writeFile(file, text);
    const ruleset = join(root, "openapi/.spectral.yaml");
    const args = [
      "exec",
      "spectral",
      "lint",
      "--ruleset",
      ruleset,
      "--fail-severity",
      "warn",
      file,
    ];
    const { ok, output } = await runCommand("pnpm", args, codegenFolder);
    const shown = output.replaceAll(file, label).trim();
    const details = shown.split("\n").filter((line) => /^\s*\d+:\d+\s+(error|warning)/.test(line));
    return { name: "Spectral (`pnpm lint:contract`)", ok, output: shown, details };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name its package name
 * @property {string} folder its folder, relative to the workspace's root
 * @property {Record<string, string>} scripts its scripts
 * @property {Set<string>} uses the workspace packages it depends on, by name
 */

/**
 * The packages of the workspace, from `pnpm-workspace.yaml` (`folder/*` and plain folders).
 * @param {string} root the workspace's root folder
 * @returns {Promise<WorkspacePackage[]>}
 */
export async function workspacePackages(root) {
  const config = parse(await readFile(join(root, "pnpm-workspace.yaml"), "utf8"));
  const folders = [];
  for (const pattern of config?.packages ?? []) {
    if (pattern.endsWith("/*")) {
      const parent = pattern.slice(0, -2);
      const entries = await readdir(join(root, parent), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) if (entry.isDirectory()) folders.push(`${parent}/${entry.name}`);
    } else {
      folders.push(pattern);
    }
  }
  const found = [];
  for (const folder of folders.sort()) {
    const text = await readFile(join(root, folder, "package.json"), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const manifest = JSON.parse(text);
    const uses = new Set(
      [manifest.dependencies, manifest.devDependencies, manifest.peerDependencies].flatMap((list) =>
        Object.keys(list ?? {}),
      ),
    );
    found.push({ name: manifest.name, folder, scripts: manifest.scripts ?? {}, uses });
  }
  return found;
}

/**
 * The packages that depend on the client, by distance: first those that use it directly, then
 * those that use one of the first, and so on.
 * @param {WorkspacePackage[]} packages the workspace's packages
 * @returns {WorkspacePackage[][]}
 */
export function dependentsOfClient(packages) {
  const levels = [];
  const reached = new Set([clientName]);
  let previous = new Set([clientName]);
  for (;;) {
    const level = packages.filter(
      (entry) => !reached.has(entry.name) && [...previous].some((name) => entry.uses.has(name)),
    );
    if (level.length === 0) return levels;
    for (const entry of level) reached.add(entry.name);
    levels.push(level);
    previous = new Set(level.map((entry) => entry.name));
  }
}

/**
 * Runs a package's script with pnpm.
 * @param {string} root the workspace's root folder
 * @param {WorkspacePackage} entry the package
 * @param {string} script the script's name
 * @returns {Promise<CheckResult>}
 */
async function runScript(root, entry, script) {
  const { ok, output } = await runCommand("pnpm", ["run", script], join(root, entry.folder));
  const command = script === "typecheck" ? entry.scripts.typecheck : `pnpm run ${script}`;
  const details = output
    .split("\n")
    .filter((line) => /^\S+\.[cm]?tsx?\(\d+,\d+\): error TS\d+/.test(line))
    .map((line) => `${entry.folder}/${line}`);
  return { name: `\`${command}\` in ${entry.folder}`, package: entry.name, ok, output, details };
}

/**
 * Builds the client (`pnpm run build` in its folder).
 * @param {string} root the workspace's root folder
 * @returns {Promise<CheckResult>}
 */
async function buildClient(root) {
  const packages = await workspacePackages(root);
  const client = packages.find((entry) => entry.name === clientName);
  if (client === undefined) {
    return { name: "the client's build", ok: false, output: `${clientName} is not in ${root}` };
  }
  return runScript(root, client, "build");
}

/**
 * Runs the SDK's contract tests (`packages/sdk/test/contract`) with vitest; its global setup
 * starts Prism over the workspace's contract, which is the new one by then.
 * @param {string} root the workspace's root folder
 * @returns {Promise<CheckResult>}
 */
async function runContractTests(root) {
  const packages = await workspacePackages(root);
  const sdk = packages.find((entry) => entry.name === sdkName);
  const name = `${sdkName}'s contract tests against Prism on the new contract`;
  if (sdk === undefined) return { name, ok: false, output: `${sdkName} is not in ${root}` };
  const folder = await mkdtemp(join(tmpdir(), "anthale-contract-tests-"));
  const report = join(folder, "report.json");
  try {
    const args = [
      "exec",
      "vitest",
      "run",
      contractTests,
      "--reporter=json",
      `--outputFile=${report}`,
    ];
    const { ok, output } = await runCommand("pnpm", args, join(root, sdk.folder));
    const json = await readFile(report, "utf8").then(JSON.parse, () => undefined);
    const tests = (json?.testResults ?? []).flatMap((file) =>
      (file.assertionResults ?? []).map((test) => ({ ...test, file: file.name })),
    );
    const failed = tests.filter((test) => test.status === "failed");
    const details = failed.map((test) => {
      const where = relative(join(root, sdk.folder), test.file);
      const reason = String(test.failureMessages?.[0] ?? "").split("\n")[0];
      return `${sdk.folder}/${where}: ${test.fullName}: ${reason}`;
    });
    const counted =
      tests.length > 0 ? `${failed.length} of ${tests.length} failed` : "no test result was read";
    return {
      name,
      package: sdkName,
      ok: ok && failed.length === 0 && tests.length > 0,
      output: `${counted}\n${ok ? "" : output}`,
      details,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Type-checks every workspace package that depends on the client (its `typecheck` script,
 * `tsc --noEmit`), nearest first; a package that others of the next level use is built before
 * they are checked, so they see its new types. The SDK's contract tests run alongside the first
 * level. Two commands at most run at once.
 * @param {string} root the workspace's root folder
 * @returns {Promise<CheckResult[]>} one result per command run
 */
async function checkDependents(root) {
  const packages = await workspacePackages(root);
  const levels = dependentsOfClient(packages);
  const results = [];
  for (const [index, level] of levels.entries()) {
    const tasks = level
      .filter((entry) => entry.scripts.typecheck !== undefined)
      .map((entry) => () => runScript(root, entry, "typecheck"));
    if (index === 0) tasks.push(() => runContractTests(root));
    results.push(...(await inPairs(tasks)));
    const next = levels[index + 1] ?? [];
    const needed = level.filter(
      (entry) =>
        entry.scripts.build !== undefined && next.some((other) => other.uses.has(entry.name)),
    );
    for (const entry of needed) {
      const built = await runScript(root, entry, "build");
      results.push(built);
      if (!built.ok) return results;
    }
  }
  return results;
}

/** Runs tasks two at a time, keeping their order in the results. */
async function inPairs(tasks) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/**
 * The checks `updateContract` runs, each replaceable (tests replace the slow ones).
 * @typedef {object} ContractChecks
 * @property {(root: string, text: string, label: string) => Promise<CheckResult>} lint
 * @property {(root: string) => Promise<CheckResult>} buildClient
 * @property {(root: string) => Promise<CheckResult[]>} checkDependents
 */

/** @type {ContractChecks} */
export const defaultChecks = Object.freeze({ lint: lintContract, buildClient, checkDependents });
