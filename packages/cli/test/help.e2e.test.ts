// The built binary's help: every flag of every command is listed with an example, and the exit
// codes are documented.
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "./support/build-cli.js";
import { runCli } from "./support/run-cli.js";

beforeAll(async () => {
  await buildCli();
}, 120_000);

/** The flags a help text lists, each with the text of its description. */
function flagsOf(help: string): Map<string, string> {
  const options = help.split(/\nOptions:\n/)[1]?.split(/\n\n/)[0] ?? "";
  const flags = new Map<string, string>();
  let current = "";
  for (const line of options.split("\n")) {
    const match = /^\s{2}(-\w, )?(--[\w-]+)/.exec(line);
    if (match) {
      current = match[2] as string;
      flags.set(current, line);
    } else if (current) {
      flags.set(current, `${flags.get(current)} ${line.trim()}`);
    }
  }
  return flags;
}

describe("anthale --help", () => {
  it("lists both commands and prints the version", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/check \[options\] \[text\]/);
    expect(help.stdout).toMatch(/eval \[options\] <dataset>/);
    const version = await runCli(["--version"]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  for (const [command, expected] of [
    [
      "check",
      [
        "--policy",
        "--api-key",
        "--base-url",
        "--timeout",
        "--max-retries",
        "--file",
        "--direction",
        "--metadata",
        "--json",
      ],
    ],
    [
      "eval",
      [
        "--policy",
        "--api-key",
        "--base-url",
        "--timeout",
        "--max-retries",
        "--concurrency",
        "--out",
        "--junit",
        "--compare",
        "--min-f1",
        "--min-accuracy",
        "--fail-on-regression",
        "--skip-invalid",
        "--resume",
        "--json",
        "--no-progress",
      ],
    ],
  ] as const) {
    it(`anthale ${command} --help lists every flag with an example, and the exit codes`, async () => {
      const help = await runCli([command, "--help"]);
      expect(help.code).toBe(0);
      const flags = flagsOf(help.stdout);
      expect([...flags.keys()].filter((flag) => flag !== "--help").sort()).toEqual(
        [...expected].sort(),
      );
      for (const [flag, text] of flags) expect(text, flag).toContain("e.g.");
      expect(help.stdout).toContain("Exit codes:");
    });
  }

  it("refuses an unknown flag in one line", async () => {
    const run = await runCli(["eval", "x.jsonl", "--concurency", "4"]);
    expect(run.stderr).toBe(
      "anthale: unknown option '--concurency' (Did you mean --concurrency?) (see anthale --help).\n",
    );
    expect(run.code).toBe(1);
  });

  it("does not repeat the value of a mistyped flag, which may be a key", async () => {
    const run = await runCli(["check", "--apikey=sk-live-abcdef123456", "hi"]);
    expect(run.stderr).not.toContain("sk-live-abcdef123456");
    expect(run.stderr).toContain("--apikey=***");
    expect(run.code).toBe(1);
  });

  it("refuses a bad flag value in one line", async () => {
    const run = await runCli(["eval", "x.jsonl", "--concurrency", "0"]);
    expect(run.stderr).toBe(
      'anthale: --concurrency expects a whole number from 1 to 256, not "0".\n',
    );
    expect(run.code).toBe(1);
  });
});
