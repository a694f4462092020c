// A CSV dataset: a header row naming the columns, then one case per record. `text` and
// `expected_action` are required columns; `id` and `direction` are optional; any other column is
// refused (a misspelt column must not be ignored). `expected_action` holds one action, several
// separated by `|`, or nothing (no expectation on the action).
import { parse } from "csv-parse/sync";
import { CaseProblem, checkCase } from "./case-checks.js";
import type { ParsedDataset } from "./dataset-types.js";

const REQUIRED = ["text", "expected_action"];
const OPTIONAL = ["id", "direction"];

/** A problem with the CSV file as a whole (its header), which no case can be read past. */
export class CsvHeaderProblem extends Error {}

interface CsvRecord {
  record: Record<string, string>;
  raw: string;
  info: { lines: number };
}

/** Parses the text of a CSV dataset into its valid cases and its invalid lines. */
export function readCsv(text: string): ParsedDataset {
  const result: ParsedDataset = { cases: [], invalid: [] };
  // Line endings are made uniform first, so line numbers count as an editor does.
  const input = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let header: string[] | undefined;
  const records = parse(input, {
    columns: (names: string[]) => {
      header = names.map((name) => name.trim());
      checkHeader(header);
      return header;
    },
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const line = (error as { lines?: number } | undefined)?.lines ?? 0;
      const message = (error?.message ?? "unreadable record").replace(/ (at|on) line \d+/, "");
      result.invalid.push({ line, problem: `not a valid CSV record: ${message}.` });
    },
  }) as unknown as CsvRecord[];
  if (!header)
    throw new CsvHeaderProblem(
      "the file is empty: expected a header row with text,expected_action.",
    );
  for (const { record, raw, info } of records) {
    const line = info.lines - (raw.replace(/^\n+|\n+$/g, "").match(/\n/g)?.length ?? 0);
    try {
      result.cases.push(checkCase(caseOf(record), line));
    } catch (error) {
      if (!(error instanceof CaseProblem)) throw error;
      result.invalid.push({ line, problem: error.message });
    }
  }
  result.invalid.sort((a, b) => a.line - b.line);
  return result;
}

function checkHeader(names: string[]): void {
  for (const name of names) {
    if (![...REQUIRED, ...OPTIONAL].includes(name)) {
      throw new CsvHeaderProblem(
        `unknown column "${name}" in the header (columns: ${[...REQUIRED, ...OPTIONAL].join(", ")}).`,
      );
    }
  }
  for (const name of REQUIRED) {
    if (!names.includes(name)) throw new CsvHeaderProblem(`the header has no "${name}" column.`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new CsvHeaderProblem(`the header names "${name}" twice.`);
    seen.add(name);
  }
}

function caseOf(record: Record<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = { text: record.text };
  if (record.id !== undefined && record.id !== "") value.id = record.id;
  if (record.direction !== undefined && record.direction !== "") value.direction = record.direction;
  const actions = (record.expected_action ?? "")
    .split("|")
    .map((action) => action.trim())
    .filter((action) => action !== "");
  if (actions.length > 0) value.expect = { action: actions };
  return value;
}
