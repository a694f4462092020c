// Reads a results file given on the command line (`--compare previous.json`).
import { readFile } from "node:fs/promises";
import { CliError } from "../config/cli-error.js";
import type { RunResults } from "../eval/case-result.js";
import { parseResults } from "./results-store.js";

/** The results file at `path`, or a CliError saying why it cannot be used. */
export async function readResultsFile(path: string): Promise<RunResults> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `Cannot read ${path} (${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}): give the results.json of an earlier run to --compare.`,
    );
  }
  return parseResults(text, path);
}
