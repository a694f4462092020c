// Loads a dataset file: JSONL (`.jsonl`, `.ndjson`, `.json`) or CSV (`.csv`), checks every line,
// and refuses duplicate ids. The caller decides what invalid lines mean (stop, or skip them).
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { CliError } from "../config/cli-error.js";
import type { ParsedDataset } from "./dataset-types.js";
import { CsvHeaderProblem, readCsv } from "./read-csv.js";
import { readJsonl } from "./read-jsonl.js";

/** Reads the dataset at `path`; throws a CliError when the file cannot be read at all. */
export async function loadDataset(path: string): Promise<ParsedDataset> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : (code ?? "unreadable");
    throw new CliError(`Cannot read the dataset ${path} (${why}): check the path.`);
  }
  return parseDataset(text, path);
}

/** Parses a dataset's text, by the format its name says. */
export function parseDataset(text: string, path: string): ParsedDataset {
  const extension = extname(path).toLowerCase();
  let parsed: ParsedDataset;
  if (extension === ".csv") {
    try {
      parsed = readCsv(text);
    } catch (error) {
      if (error instanceof CsvHeaderProblem) throw new CliError(`${path}: ${error.message}`);
      throw error;
    }
  } else if ([".jsonl", ".ndjson", ".json"].includes(extension)) {
    parsed = readJsonl(text);
  } else {
    throw new CliError(
      `${path}: unknown dataset format: name it .jsonl (one JSON case per line) or .csv.`,
    );
  }
  return withUniqueIds(parsed);
}

/** Moves every case whose id an earlier case already has to the invalid lines. */
function withUniqueIds(parsed: ParsedDataset): ParsedDataset {
  const firstLine = new Map<string, number>();
  const cases = [];
  const invalid = [...parsed.invalid];
  for (const evalCase of parsed.cases) {
    const first = firstLine.get(evalCase.id);
    if (first === undefined) {
      firstLine.set(evalCase.id, evalCase.line);
      cases.push(evalCase);
    } else {
      invalid.push({
        line: evalCase.line,
        problem: `duplicate id "${evalCase.id}" (first used on line ${first}).`,
      });
    }
  }
  invalid.sort((a, b) => a.line - b.line);
  return { cases, invalid };
}
