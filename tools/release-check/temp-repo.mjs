// Test helper: a throwaway git repository in a temporary folder, on branch main, with one commit.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

const env = { ...process.env };
for (const name of ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"]) delete env[name];

/**
 * Creates a repository holding `files` (path → content) committed on main, and returns helpers to
 * run git in it, write files, commit everything and remove it.
 */
export async function createTempRepo(files) {
  const dir = await mkdtemp(join(tmpdir(), "anthale-release-check-"));
  const git = async (...args) => {
    const { stdout } = await exec(
      "git",
      [
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.com",
        "-c",
        "commit.gpgsign=false",
      ].concat(args),
      { cwd: dir, env },
    );
    return stdout.trim();
  };
  const write = async (entries) => {
    for (const [path, content] of Object.entries(entries)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
  };
  const commitAll = async (message) => {
    await git("add", "--all");
    await git("commit", "--quiet", "--allow-empty", "-m", message);
  };
  await git("init", "--quiet", "--initial-branch=main");
  await write(files);
  await commitAll("initial");
  return { dir, git, write, commitAll, remove: () => rm(dir, { recursive: true, force: true }) };
}
