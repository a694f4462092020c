// Runs git in a given folder and returns its output; shared by the release and changeset checks.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

/**
 * Runs `git <args>` in `cwd` and resolves with its standard output, trailing newline removed.
 * Rejects when git exits with a non-zero status.
 */
export async function git(cwd, args) {
  const { stdout } = await exec("git", args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout.replace(/\n$/, "");
}
