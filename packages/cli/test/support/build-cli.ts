// Builds the binary the end-to-end tests spawn (`node dist/cli.js`), once for all test files:
// a lock folder keeps two files from building at the same time, and a build newer than every
// source file is reused.
import { execFile } from "node:child_process";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The package folder. */
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
/** The built binary. */
export const cliPath = join(packageRoot, "dist/cli.js");

const lock = join(packageRoot, "node_modules/.cache/anthale-cli-build.lock");

async function newestSource(folder: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".ts")) {
      newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}

async function isFresh(): Promise<boolean> {
  const built = await stat(cliPath).catch(() => undefined);
  return built !== undefined && built.mtimeMs > (await newestSource(join(packageRoot, "src")));
}

/** Builds dist/cli.js with tsup unless an up-to-date build is there. */
export async function buildCli(): Promise<void> {
  await mkdir(join(lock, ".."), { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
      if (age > 120_000) await rm(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (!(await isFresh())) {
      await promisify(execFile)("pnpm", ["exec", "tsup"], { cwd: packageRoot });
    }
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
