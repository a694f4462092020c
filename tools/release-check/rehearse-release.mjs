// Rehearses a release in a temporary clone of the repository, leaving the real one untouched:
// replaces the pending changesets with given ones, runs `changeset version`, builds, and runs
// `pnpm publish --dry-run` for every published package, collecting what each would publish.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));

/** The published packages: name → folder. */
export const publishedPackages = {
  "@anthale/client": "packages/client",
  "@anthale/sdk": "packages/sdk",
};

const run = (command, args, cwd) =>
  exec(command, args, { cwd, env: { ...process.env, CI: "true" }, maxBuffer: 64 * 1024 * 1024 });

/** Reads a package.json of the clone. */
export async function readManifest(clone, folder) {
  return JSON.parse(await readFile(join(clone, folder, "package.json"), "utf8"));
}

/** Makes a temporary clone of the repository's HEAD with its dependencies installed offline. */
export async function cloneRepository() {
  const clone = await mkdtemp(join(tmpdir(), "anthale-release-"));
  await run("git", ["clone", "--quiet", root, clone], tmpdir());
  await run("pnpm", ["install", "--frozen-lockfile", "--offline", "--ignore-scripts"], clone);
  return clone;
}

/** Replaces the clone's pending changesets with `changesets` (file name → content). */
export async function setChangesets(clone, changesets) {
  const folder = join(clone, ".changeset");
  for (const file of await readdir(folder)) {
    if (file.endsWith(".md") && file !== "README.md") await rm(join(folder, file));
  }
  for (const [file, content] of Object.entries(changesets))
    await writeFile(join(folder, file), content);
}

/** `pnpm version-packages`, as a user would run it. */
export async function versionPackages(clone) {
  return run("pnpm", ["version-packages"], clone);
}

/**
 * Builds the published packages and runs `pnpm publish --dry-run` for each; returns, per package,
 * the manifest pnpm would publish (workspace ranges rewritten) and the list of files.
 */
export async function dryRunPublish(clone) {
  await run("pnpm", ["--filter", "./packages/*", "run", "build"], clone);
  const results = {};
  for (const [name, folder] of Object.entries(publishedPackages)) {
    const cwd = join(clone, folder);
    const { stdout, stderr } = await run(
      "pnpm",
      ["publish", "--dry-run", "--no-git-checks", "--json"],
      cwd,
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf("{")))[name];
    const { stdout: packed } = await run(
      "pnpm",
      ["pack", "--json", "--pack-destination", clone],
      cwd,
    );
    const tarball = JSON.parse(packed.slice(packed.indexOf("{"))).filename;
    const { stdout: manifest } = await run(
      "tar",
      ["-xzOf", tarball, "package/package.json"],
      clone,
    );
    results[name] = {
      files: report.files.map((file) => file.path),
      manifest: JSON.parse(manifest),
      log: stderr,
    };
  }
  return results;
}
