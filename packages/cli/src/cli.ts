// The `anthale` executable: parses the command line, runs the command, and turns any failure into
// one line on stderr (what, why, what to do) and exit code 1. Never a stack trace, never the key.
import { CommanderError } from "commander";
import { buildProgram } from "./commands/program.js";
import { CliError, EXIT_ERROR } from "./config/cli-error.js";
import { describeError } from "./config/describe-error.js";

/** The secrets no output may show: the API key, from the flag or the environment. */
function knownSecrets(argv: readonly string[]): string[] {
  const secrets = [process.env.ANTHALE_API_KEY ?? ""];
  argv.forEach((arg, index) => {
    if (arg === "--api-key") secrets.push(argv[index + 1] ?? "");
    else if (arg.startsWith("--api-key=")) secrets.push(arg.slice("--api-key=".length));
  });
  return secrets.map((secret) => secret.trim()).filter((secret) => secret !== "");
}

function fail(error: unknown, secrets: string[]): void {
  process.stderr.write(`anthale: ${describeError(error, secrets)}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : EXIT_ERROR;
}

async function main(argv: string[]): Promise<void> {
  const secrets = knownSecrets(argv);
  // Nothing that escapes may print a stack trace.
  process.on("uncaughtException", (error) => {
    fail(error, secrets);
    process.exit(EXIT_ERROR);
  });
  process.on("unhandledRejection", (error) => {
    fail(error, secrets);
    process.exit(EXIT_ERROR);
  });
  const program = buildProgram((code) => {
    process.exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    fail(error, secrets);
  }
}

await main(process.argv);
