// Runs the built `anthale` binary as a child process and collects what it printed.
import { type ChildProcess, spawn } from "node:child_process";
import { cliPath } from "./build-cli.js";

/** What a run of the binary gave. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of a run: environment (replacing the Anthale variables), stdin text, folder. */
export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  /** Called with the child once it started (to send it a signal, for example). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Spawns `node dist/cli.js ...args`; resolves when it exits. */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
  for (const name of ["ANTHALE_API_KEY", "ANTHALE_BASE_URL", "ANTHALE_POLICY_ID", "ANTHALE_LOG"]) {
    delete env[name];
  }
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...env, ...options.env },
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderr += chunk;
  });
  child.stdin.end(options.input ?? "");
  options.onSpawn?.(child);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
