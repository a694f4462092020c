// Where a run keeps what it has done, so a crash or Ctrl-C loses little and `--resume` can go on:
// every finished case is appended at once to `<out>/journal.jsonl` (one outcome per line), and at
// the end of the run (or when it is interrupted) the outcomes are folded into `<out>/results.json`,
// written to a temporary file and renamed over the old one, and the journal is removed.
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../config/cli-error.js";
import type { CaseOutcome, RunResults } from "../eval/case-result.js";
import { readOutcome } from "../eval/read-outcome.js";

/** The file names inside the output folder. */
const RESULTS_FILE = "results.json";
export const JOURNAL_FILE = "journal.jsonl";

/** What an earlier run left in the output folder. */
export interface PreviousRun {
  /** Its results file, when there is one. */
  results?: RunResults;
  /** Outcomes from its journal that did not reach the results file (after a crash). */
  journal: CaseOutcome[];
  /** The policy its journal's header names, when there is a journal. */
  journalPolicy?: string;
}

/** Reads what an earlier run left in `outDir` (nothing when the folder is new). */
export async function readPreviousRun(outDir: string): Promise<PreviousRun> {
  const resultsPath = join(outDir, RESULTS_FILE);
  let results: RunResults | undefined;
  const text = await readFile(resultsPath, "utf8").catch(() => undefined);
  if (text !== undefined) results = parseResults(text, resultsPath);
  const journalText = await readFile(join(outDir, JOURNAL_FILE), "utf8").catch(() => "");
  const journal: CaseOutcome[] = [];
  let journalPolicy: string | undefined;
  for (const line of journalText.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value = JSON.parse(line) as {
        id?: unknown;
        status?: unknown;
        journal?: unknown;
        policy?: unknown;
      };
      if (value.journal === 1 && typeof value.policy === "string") journalPolicy = value.policy;
      // A line cut by a crash is skipped.
      else if (
        typeof value.id === "string" &&
        (value.status === "done" || value.status === "error")
      ) {
        const outcome = readOutcome(value);
        if (outcome) journal.push(outcome);
      }
    } catch {
      // A line cut short by a crash: the case will be sent again.
    }
  }
  return {
    ...(results ? { results } : {}),
    journal,
    ...(journalPolicy === undefined ? {} : { journalPolicy }),
  };
}

/** Parses a results file, or throws a CliError naming it. */
export function parseResults(text: string, path: string): RunResults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not valid JSON: give a results.json written by anthale eval.`);
  }
  const results = value as Partial<RunResults> | null;
  if (results?.version !== 1 || !Array.isArray(results.cases)) {
    throw new CliError(`${path} is not a results file of anthale eval (version 1 with "cases").`);
  }
  // Every outcome is read field by field, so an edited file cannot reach the reports malformed.
  const cases: CaseOutcome[] = [];
  for (const [index, entry] of results.cases.entries()) {
    const outcome = readOutcome(entry);
    if (outcome === undefined) {
      throw new CliError(
        `${path}: cases[${index}] is not a case outcome (it has no "id"): give a results.json written by anthale eval.`,
      );
    }
    cases.push(outcome);
  }
  return { ...(results as RunResults), cases };
}

/** Appends outcomes to the journal as they come, each written out before the next one. */
export class Journal {
  private pending: string[] = [];
  private writing: Promise<void> | undefined;
  private failure: unknown;

  private constructor(private readonly handle: FileHandle) {}

  /** Opens a new journal in `outDir` (replacing an old one), with a header line. */
  static async create(outDir: string, header: Record<string, unknown>): Promise<Journal> {
    await mkdir(outDir, { recursive: true });
    const handle = await open(join(outDir, JOURNAL_FILE), "w");
    const journal = new Journal(handle);
    journal.pending.push(`${JSON.stringify({ journal: 1, ...header })}\n`);
    journal.flush();
    return journal;
  }

  /** Queues an outcome; it is written as soon as the previous write is done. */
  append(outcome: CaseOutcome): void {
    this.pending.push(`${JSON.stringify(outcome)}\n`);
    this.flush();
  }

  private flush(): void {
    if (this.writing) return;
    this.writing = (async () => {
      while (this.pending.length > 0) {
        const chunk = this.pending.join("");
        this.pending = [];
        try {
          await this.handle.write(chunk);
        } catch (error) {
          this.failure ??= error;
        }
      }
      this.writing = undefined;
    })();
  }

  /** Waits for every queued outcome to be written, and closes the file. */
  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.handle.close();
    if (this.failure) {
      throw new CliError(
        `Could not write the journal (${(this.failure as NodeJS.ErrnoException).code ?? "write error"}): check the --out folder.`,
      );
    }
  }
}

/** Writes results.json (atomically) and removes the journal it now holds. */
export async function writeResults(outDir: string, run: RunResults): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, RESULTS_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(run, null, 2)}\n`);
  await rename(temporary, path);
  await rm(join(outDir, JOURNAL_FILE), { force: true });
  return path;
}
