// Test support: typechecks the SDK's sources against a client generated from an edited contract,
// in a temporary copy of the contract, the client's sources and the SDK's sources (their
// node_modules linked, not copied), to find out whether a contract change breaks the SDK at
// compile time. The repository's own files are never touched.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { generateTypes, repositoryRoot } from "@anthale/codegen/generate.mjs";

const run = promisify(execFile);

const copied = [
  "openapi/anthale.yaml",
  "tsconfig.base.json",
  "packages/client/src",
  "packages/sdk/src",
  "packages/sdk/tsconfig.json",
  "packages/sdk/tsconfig.build.json",
];
const linked = ["packages/client/node_modules", "packages/sdk/node_modules"];

/**
 * The SDK's sources (tests left out, as in its build) compiled against the copied client's
 * sources rather than the client installed in node_modules, which is built from the real
 * contract.
 */
const checkConfig = {
  extends: "./tsconfig.build.json",
  compilerOptions: {
    noEmit: true,
    paths: {
      "@anthale/client": ["../client/src/index.ts"],
      "@anthale/client/contract": ["../client/src/contract.ts"],
    },
  },
};

/**
 * Copies the contract, the client's and the SDK's sources and their TypeScript configurations into
 * a new temporary folder laid out like the repository, with links to their node_modules.
 * @returns {Promise<{ root: string, remove: () => Promise<void> }>} the copy, and how to delete it
 */
export async function copySources() {
  const root = await mkdtemp(join(tmpdir(), "anthale-contract-break-"));
  for (const path of copied) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await cp(join(repositoryRoot, path), join(root, path), { recursive: true });
  }
  for (const path of linked) {
    await symlink(join(repositoryRoot, path), join(root, path), "dir");
  }
  await writeFile(
    join(root, "packages/sdk/tsconfig.contract-check.json"),
    `${JSON.stringify(checkConfig, null, 2)}\n`,
  );
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Changes the copy's contract with `edit`, regenerates the copy's client from it, and typechecks
 * the copy's SDK.
 * @param {string} root a copy made by {@link copySources}
 * @param {(contract: string) => string} edit the change, from the contract's text to the new text
 * @returns {Promise<{ ok: boolean, output: string }>} whether `tsc` passed, and what it printed
 *   (paths relative to packages/sdk, such as `src/request/enforce-request.ts(40,5): error ...`)
 */
export async function typecheckAfter(root, edit) {
  const contract = join(root, "openapi/anthale.yaml");
  await writeFile(contract, edit(await readFile(contract, "utf8")));
  await writeFile(
    join(root, "packages/client/src/generated/schema.ts"),
    await generateTypes(contract),
  );
  const sdk = join(root, "packages/sdk");
  const tsc = join(sdk, "node_modules/typescript/bin/tsc");
  const args = [tsc, "-p", "tsconfig.contract-check.json", "--pretty", "false"];
  return run(process.execPath, args, { cwd: sdk, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ ok: true, output: stdout + stderr }),
    (error) => ({ ok: false, output: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
  );
}

/**
 * Runs `task`s with at most `limit` at a time (each `tsc` takes a core).
 * @template T
 * @param {number} limit how many may run together
 * @returns {(task: () => Promise<T>) => Promise<T>} runs one task when a place is free
 */
export function limited(limit) {
  let running = 0;
  const waiting = [];
  const next = () => {
    if (running >= limit || waiting.length === 0) return;
    running++;
    const { task, resolve, reject } = waiting.shift();
    task()
      .then(resolve, reject)
      .finally(() => {
        running--;
        next();
      });
  };
  return (task) =>
    new Promise((resolve, reject) => {
      waiting.push({ task, resolve, reject });
      next();
    });
}
