// Packs @anthale/client, @anthale/sdk and @anthale/cli with pnpm (which rewrites `workspace:^` ranges) and
// installs the tarballs with npm into a fresh app in a temporary folder outside the workspace; the
// frameworks the integrations guard (and the edge worker's tracer provider) are linked in from the
// workspace's own install.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, realpath, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** The packages that are published, by folder. */
const publishedPackages = ["packages/client", "packages/sdk", "packages/cli"];

/**
 * The frameworks the integrations guard (the SDK's optional peer dependencies), so the smoke app
 * can load and drive every integration entry.
 */
const frameworks = [
  "openai",
  "@anthropic-ai/sdk",
  "@google/genai",
  "@langchain/core",
  "@langchain/langgraph",
  "langchain",
  "ai",
  "@ai-sdk/provider",
];

/**
 * What the edge worker (fixtures/edge) uses besides: an OpenTelemetry tracer provider. It is
 * linked into the worker's own folder, so that the other checks still run without OpenTelemetry.
 */
const edgeWorkerPackages = ["@opentelemetry/sdk-trace-base"];

/**
 * Links each package of `names` into `folder`'s node_modules from the SDK's workspace install: the
 * versions the SDK is tested against, without a registry download.
 */
async function linkPackages(folder, names) {
  for (const name of names) {
    const installed = await realpath(join(root, "packages/sdk/node_modules", name));
    const link = join(folder, "node_modules", name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(installed, link, "dir");
  }
}

/** Packs every published package into `destination`; returns the tarball paths. */
async function packPackages(destination) {
  await mkdir(destination, { recursive: true });
  for (const folder of publishedPackages) {
    await run("pnpm", ["pack", "--pack-destination", destination], { cwd: join(root, folder) });
  }
  const files = await readdir(destination);
  return files.filter((file) => file.endsWith(".tgz")).map((file) => join(destination, file));
}

/**
 * Creates an app in a new temporary folder, installs the packed tarballs into it with npm (no
 * workspace links), links the frameworks in, and copies the smoke fixtures next to them. Returns
 * the app's folder.
 */
export async function createSmokeApp() {
  const app = await mkdtemp(join(tmpdir(), "anthale-smoke-app-"));
  const tarballs = await packPackages(join(app, "tarballs"));
  await writeFile(
    join(app, "package.json"),
    `${JSON.stringify({ name: "anthale-smoke-app", private: true, version: "1.0.0" }, null, 2)}\n`,
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], {
    cwd: app,
  });
  await linkPackages(app, frameworks);
  await cp(fixtures, app, { recursive: true });
  await linkPackages(join(app, "edge"), edgeWorkerPackages);
  return app;
}

/** The TypeScript compiler of the workspace, run over the app's own installed packages. */
export const tscPath = fileURLToPath(import.meta.resolve("typescript/bin/tsc"));
