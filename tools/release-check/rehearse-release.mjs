// Rehearses a release in a temporary clone of the repository, leaving the real one untouched:
// replaces the pending changesets with given ones, runs `changeset version`, commits, then runs
// `pnpm release` itself (every step but the tests, which are what is running the rehearsal)
// against a local registry that keeps what is uploaded and a bare repository that receives the
// push, so the rehearsal sees exactly what a release would publish and push.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { release } from "./release.mjs";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));

/** The identity git uses for the rehearsal's commit and tags. */
const gitIdentity = {
  GIT_AUTHOR_NAME: "Release Rehearsal",
  GIT_AUTHOR_EMAIL: "rehearsal@example.com",
  GIT_COMMITTER_NAME: "Release Rehearsal",
  GIT_COMMITTER_EMAIL: "rehearsal@example.com",
};

const run = (command, args, cwd, env = {}) =>
  exec(command, args, {
    cwd,
    env: { ...process.env, CI: "true", ...gitIdentity, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });

/** Reads a package.json of the clone. */
export async function readManifest(clone, folder) {
  return JSON.parse(await readFile(join(clone, folder, "package.json"), "utf8"));
}

/**
 * The packages a release publishes, name → folder: every package under `packages/` that is not
 * private, read from the repository at `dir`.
 */
export async function publishedPackagesOf(dir) {
  const published = {};
  for (const entry of (await readdir(join(dir, "packages"))).sort()) {
    const folder = `packages/${entry}`;
    const manifest = await readManifest(dir, folder).catch(() => undefined);
    if (manifest && manifest.private !== true) published[manifest.name] = folder;
  }
  return published;
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

/** Commits everything in the clone, as a maintainer does after `pnpm version-packages`. */
export async function commitVersions(clone) {
  await run("git", ["add", "--all"], clone);
  await run("git", ["commit", "--quiet", "--no-gpg-sign", "-m", "Version packages"], clone);
}

/**
 * Points the clone's `origin` at a new bare repository, so the release's push lands there and
 * never in the real repository. Resolves with the bare repository's folder.
 */
export async function useBareOrigin(clone) {
  const bare = await mkdtemp(join(tmpdir(), "anthale-release-origin-"));
  await run("git", ["init", "--quiet", "--bare", bare], tmpdir());
  await run("git", ["remote", "set-url", "origin", bare], clone);
  return bare;
}

/**
 * Runs the release in the clone against `registryUrl`: the real `release()` with a runner that
 * records every step and runs all of them except `pnpm test`. The registry and its token come
 * from a user npmrc outside the clone, so the working tree stays clean. Resolves with the steps.
 */
export async function releaseToRegistry(clone, registryUrl) {
  const userConfig = join(await mkdtemp(join(tmpdir(), "anthale-release-npmrc-")), ".npmrc");
  const host = registryUrl.replace(/^https?:/, "");
  await writeFile(userConfig, `registry=${registryUrl}\n${host}:_authToken=rehearsal-token\n`);
  const steps = [];
  const runStep = (command, args) => {
    const step = [command, ...args].join(" ");
    steps.push(step);
    if (step === "pnpm test") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: clone,
        env: {
          ...process.env,
          CI: "true",
          ...gitIdentity,
          npm_config_userconfig: userConfig,
          npm_config_registry: registryUrl,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      child.on("error", reject);
      child.on("exit", (code) => {
        if (code === 0) resolve();
        else reject(new Error(`${step} failed (${code}):\n${output.slice(-4000)}`));
      });
    });
  };
  await release({ cwd: clone, run: runStep });
  return steps;
}

/** The files in a tarball (`package/...` paths) and the text of one of them. */
export async function readTarball(tarball, dir) {
  const file = join(dir, `upload-${Date.now()}-${Math.random().toString(36).slice(2)}.tgz`);
  await writeFile(file, tarball);
  const { stdout: list } = await run("tar", ["-tzf", file], dir);
  const { stdout: manifest } = await run("tar", ["-xzOf", file, "package/package.json"], dir);
  await rm(file);
  return { files: list.split("\n").filter(Boolean), manifest: JSON.parse(manifest) };
}
