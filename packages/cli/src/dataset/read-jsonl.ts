// A JSONL dataset: one case per line (blank lines skipped), each checked on its own, so every
// invalid line is reported with its number, not only the first.
import { parseJson } from "../config/json-position.js";
import { CaseProblem, checkCase } from "./case-checks.js";
import type { ParsedDataset } from "./dataset-types.js";

/** Parses the text of a JSONL dataset into its valid cases and its invalid lines. */
export function readJsonl(text: string): ParsedDataset {
  const result: ParsedDataset = { cases: [], invalid: [] };
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  lines.forEach((raw, index) => {
    const line = index + 1;
    const source = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (source.trim() === "") return;
    let value: unknown;
    try {
      value = parseJson(source);
    } catch (error) {
      result.invalid.push({
        line,
        problem: `this line ${(error as Error).message.replace(/at line 1, /, "at ")}.`,
      });
      return;
    }
    try {
      result.cases.push(checkCase(value, line));
    } catch (error) {
      if (!(error instanceof CaseProblem)) throw error;
      result.invalid.push({ line, problem: error.message });
    }
  });
  return result;
}
