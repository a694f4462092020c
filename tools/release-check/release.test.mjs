import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { checkBranch, checkCleanTree, findRemote, ReleaseRefused, release } from "./release.mjs";
import { createTempRepo } from "./temp-repo.mjs";

const exec = promisify(execFile);
const script = fileURLToPath(new URL("./release.mjs", import.meta.url));

let repos = [];
afterEach(async () => {
  await Promise.all(repos.map((repo) => repo.remove()));
  repos = [];
});

async function repoWithRemote() {
  const repo = await createTempRepo({ "README.md": "hello\n", ".gitignore": "dist/\n" });
  const remote = await createTempRepo({});
  repos.push(repo, remote);
  await repo.git("remote", "add", "origin", remote.dir);
  return repo;
}

function recorder() {
  const steps = [];
  const run = async (command, args) => {
    steps.push([command, ...args].join(" "));
  };
  return { steps, run };
}

describe("the release checks", () => {
  it("pass on a clean main with a remote", async () => {
    const repo = await repoWithRemote();
    await expect(checkCleanTree(repo.dir)).resolves.toBeUndefined();
    await expect(checkBranch(repo.dir)).resolves.toBeUndefined();
    await expect(findRemote(repo.dir)).resolves.toBe("origin");
  });

  it("ignore ignored files", async () => {
    const repo = await repoWithRemote();
    await repo.write({ "dist/index.js": "built\n" });
    await expect(checkCleanTree(repo.dir)).resolves.toBeUndefined();
  });

  it("refuse an uncommitted edit of a tracked file", async () => {
    const repo = await repoWithRemote();
    await repo.write({ "README.md": "an edit nobody committed\n" });
    await expect(checkCleanTree(repo.dir)).rejects.toThrow(/not clean \(README\.md\)/);
  });

  it("refuse a staged change", async () => {
    const repo = await repoWithRemote();
    await repo.write({ "README.md": "staged\n" });
    await repo.git("add", "README.md");
    await expect(checkCleanTree(repo.dir)).rejects.toBeInstanceOf(ReleaseRefused);
  });

  it("refuse an untracked file, even in a new folder", async () => {
    const repo = await repoWithRemote();
    await repo.write({ "notes/draft.md": "draft\n" });
    await expect(checkCleanTree(repo.dir)).rejects.toThrow(/notes\/draft\.md/);
  });

  it("refuse another branch", async () => {
    const repo = await repoWithRemote();
    await repo.git("switch", "--quiet", "-c", "feature");
    await expect(checkBranch(repo.dir)).rejects.toThrow(/current branch is feature/);
  });

  it("refuse a detached HEAD", async () => {
    const repo = await repoWithRemote();
    await repo.git("switch", "--quiet", "--detach");
    await expect(checkBranch(repo.dir)).rejects.toThrow(/detached/);
  });

  it("refuse a repository with no remote", async () => {
    const repo = await createTempRepo({ "README.md": "hello\n" });
    repos.push(repo);
    await expect(findRemote(repo.dir)).rejects.toThrow(/no remote/);
  });

  it("prefer main's upstream remote", async () => {
    const repo = await repoWithRemote();
    await repo.git("remote", "add", "upstream", repos[1].dir);
    await repo.git("config", "branch.main.remote", "upstream");
    await expect(findRemote(repo.dir)).resolves.toBe("upstream");
  });
});

describe("release", () => {
  it("runs the checks, the tests, the build, the publish and the push, in that order", async () => {
    const repo = await repoWithRemote();
    const { steps, run } = recorder();
    await release({ cwd: repo.dir, run });
    expect(steps).toEqual([
      "pnpm test",
      "pnpm exec turbo run build --filter=./packages/*",
      "pnpm exec changeset publish",
      "git push --follow-tags origin main",
    ]);
  });

  for (const [name, spoil] of [
    ["a dirty tree", (repo) => repo.write({ "README.md": "uncommitted\n" })],
    ["another branch", (repo) => repo.git("switch", "--quiet", "-c", "feature")],
    ["no remote", (repo) => repo.git("remote", "remove", "origin")],
  ]) {
    it(`runs no step at all on ${name}`, async () => {
      const repo = await repoWithRemote();
      await spoil(repo);
      const { steps, run } = recorder();
      await expect(release({ cwd: repo.dir, run })).rejects.toBeInstanceOf(ReleaseRefused);
      expect(steps).toEqual([]);
    });
  }

  it("does not publish when the tests or the build left the tree dirty", async () => {
    const repo = await repoWithRemote();
    const { steps, run: record } = recorder();
    const run = async (command, args) => {
      await record(command, args);
      if (args[0] === "test") await writeFile(join(repo.dir, "README.md"), "rewritten\n");
    };
    await expect(release({ cwd: repo.dir, run })).rejects.toThrow(/not clean/);
    expect(steps).toEqual(["pnpm test", "pnpm exec turbo run build --filter=./packages/*"]);
  });

  it("stops at the first failing step and pushes nothing", async () => {
    const repo = await repoWithRemote();
    const { steps, run: record } = recorder();
    const run = async (command, args) => {
      await record(command, args);
      if (args[0] === "test") throw new Error("pnpm test failed (1)");
    };
    await expect(release({ cwd: repo.dir, run })).rejects.toThrow("pnpm test failed");
    expect(steps).toEqual(["pnpm test"]);
  });

  it("tells how to push the tags when the publish fails", async () => {
    const repo = await repoWithRemote();
    const run = async (_command, args) => {
      if (args.includes("publish")) throw new Error("publish failed");
    };
    await expect(release({ cwd: repo.dir, run })).rejects.toThrow(
      "git push --follow-tags origin main",
    );
  });
});

describe("the release command", () => {
  it("exits 1 with one message on a dirty tree, before any step", async () => {
    const repo = await repoWithRemote();
    await repo.write({ "README.md": "uncommitted\n" });
    const failure = await exec("node", [script, "--dry-run"], { cwd: repo.dir }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim().split("\n")).toEqual([
      "release refused: the working tree is not clean (README.md); commit or remove these changes first",
    ]);
    expect(failure.stdout).not.toContain("would run");
  });

  it("lists the steps with --dry-run on a clean main, running none", async () => {
    const repo = await repoWithRemote();
    const { stdout } = await exec("node", [script, "--dry-run"], { cwd: repo.dir });
    expect(stdout.split("\n").filter((line) => line.startsWith("would run"))).toEqual([
      "would run: pnpm test",
      "would run: pnpm exec turbo run build --filter=./packages/*",
      "would run: pnpm exec changeset publish",
      "would run: git push --follow-tags origin main",
    ]);
  });
});
