// `pnpm release`: refuses a dirty working tree, a branch other than main or a repository with no
// remote, then runs the tests, builds, publishes with changesets and pushes the new tags.
// Usage: node tools/release-check/release.mjs [--dry-run]
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { git } from "./git.mjs";

/** The only branch a release may be published from. */
export const releaseBranch = "main";

/** A refusal: the release cannot go on; `message` says why in one sentence. */
export class ReleaseRefused extends Error {
  name = "ReleaseRefused";
}

const shownFiles = 10;

/**
 * Refuses a working tree with uncommitted changes or untracked files that are not ignored, so that
 * what is published is exactly what is committed.
 */
export async function checkCleanTree(cwd) {
  const status = await git(cwd, ["status", "--porcelain", "--untracked-files=all"]);
  if (status === "") return;
  const files = status.split("\n").map((line) => line.slice(3));
  const more = files.length > shownFiles ? ` and ${files.length - shownFiles} more` : "";
  throw new ReleaseRefused(
    `the working tree is not clean (${files.slice(0, shownFiles).join(", ")}${more}); ` +
      "commit or remove these changes first",
  );
}

/** Refuses a detached HEAD or any branch other than `main`. */
export async function checkBranch(cwd) {
  let branch;
  try {
    branch = await git(cwd, ["symbolic-ref", "--quiet", "--short", "HEAD"]);
  } catch {
    throw new ReleaseRefused(`HEAD is detached; check out ${releaseBranch} to release`);
  }
  if (branch !== releaseBranch) {
    throw new ReleaseRefused(
      `the current branch is ${branch}; releases are published from ${releaseBranch} only`,
    );
  }
}

/**
 * Finds the remote the release tags go to: main's upstream remote, else `origin`, else the only
 * remote. Refuses when there is none, before anything is published.
 */
export async function findRemote(cwd) {
  const remotes = (await git(cwd, ["remote"])).split("\n").filter(Boolean);
  let upstream = "";
  try {
    upstream = await git(cwd, ["config", "--get", `branch.${releaseBranch}.remote`]);
  } catch {
    // No upstream configured: fall back to the remotes below.
  }
  if (upstream && remotes.includes(upstream)) return upstream;
  if (remotes.includes("origin")) return "origin";
  if (remotes.length === 1) return remotes[0];
  if (remotes.length === 0) {
    throw new ReleaseRefused("the repository has no remote to push the release tags to");
  }
  throw new ReleaseRefused(
    `cannot tell which remote gets the release tags (${remotes.join(", ")}); ` +
      `set one with git branch --set-upstream-to <remote>/${releaseBranch}`,
  );
}

/** Runs every check before a release; resolves with the remote to push to. */
export async function checkReleasable(cwd) {
  await checkCleanTree(cwd);
  await checkBranch(cwd);
  return findRemote(cwd);
}

/**
 * The release: checks, tests, build, a second clean-tree check (the tests and the build must not
 * have changed a committed file), `changeset publish`, then the push of main with its new tags.
 * `run(command, args)` runs one step and rejects if it fails; `say` reports progress.
 */
export async function release({ cwd, run, say = () => {} }) {
  const remote = await checkReleasable(cwd);
  say(`releasing ${releaseBranch}; tags will be pushed to ${remote}`);
  await run("pnpm", ["test"]);
  await run("pnpm", ["exec", "turbo", "run", "build", "--filter=./packages/*"]);
  await checkCleanTree(cwd);
  try {
    await run("pnpm", ["exec", "changeset", "publish"]);
  } catch (error) {
    throw new Error(
      "changeset publish failed; tags it created for packages that did get published are local " +
        `only: push them with git push --follow-tags ${remote} ${releaseBranch}`,
      { cause: error },
    );
  }
  await run("git", ["push", "--follow-tags", remote, releaseBranch]);
}

/** Runs a command in `cwd` with the terminal attached; rejects naming the command if it fails. */
export function runInTerminal(cwd) {
  return (command, args) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd, stdio: "inherit" });
      child.on("error", reject);
      child.on("exit", (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`${[command, ...args].join(" ")} failed (${signal ?? code})`));
      });
    });
}

/** Prints each step instead of running it, for `--dry-run`. */
export function printOnly(print) {
  return async (command, args) => print(`would run: ${[command, ...args].join(" ")}`);
}

async function main() {
  const cwd = process.cwd();
  const dryRun = process.argv.includes("--dry-run");
  const run = dryRun ? printOnly(console.log) : runInTerminal(cwd);
  try {
    await release({ cwd, run, say: console.log });
  } catch (error) {
    const prefix = error instanceof ReleaseRefused ? "release refused" : "release failed";
    console.error(`${prefix}: ${error.message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
