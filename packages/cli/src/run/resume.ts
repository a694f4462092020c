// `--resume`: what an earlier run in the same output folder already did. Outcomes are matched to
// the dataset by case id: a case with a `done` outcome is not sent again; a case that ended in an
// error, or has no outcome, is. Outcomes for ids no longer in the dataset are dropped (and
// counted). A results file or a journal made with another policy is refused.
import { join } from "node:path";
import { CliError } from "../config/cli-error.js";
import type { CaseOutcome, EvalCase } from "../eval/case-result.js";
import { JOURNAL_FILE, readPreviousRun } from "./results-store.js";

/** The outcomes to keep, and when the run being resumed started. */
export interface Resumed {
  outcomes: Map<string, CaseOutcome>;
  startedAt: string | undefined;
}

/** Reads what an earlier run left in `outDir`; `say` reports what is resumed. */
export async function resumeFrom(
  outDir: string,
  cases: readonly EvalCase[],
  policyId: string,
  say: (line: string) => void,
): Promise<Resumed> {
  const earlier = await readPreviousRun(outDir);
  const made = [
    { file: "results.json", policy: earlier.results?.policy },
    { file: JOURNAL_FILE, policy: earlier.journalPolicy },
  ];
  for (const { file, policy } of made) {
    if (policy !== undefined && policy !== policyId) {
      throw new CliError(
        `${join(outDir, file)} was made with another policy: use another --out, or drop --resume to start over.`,
      );
    }
  }
  const ids = new Set(cases.map((evalCase) => evalCase.id));
  const outcomes = new Map<string, CaseOutcome>();
  const dropped = new Set<string>();
  for (const outcome of [...(earlier.results?.cases ?? []), ...earlier.journal]) {
    if (!ids.has(outcome.id)) dropped.add(outcome.id);
    else if (outcome.status === "done") outcomes.set(outcome.id, outcome);
  }
  if (!earlier.results && earlier.journal.length === 0) {
    say(`anthale eval: nothing to resume in ${outDir}; starting a new run.`);
  } else {
    const droppedNote =
      dropped.size > 0
        ? `; ${dropped.size} earlier outcomes for ids no longer in the dataset dropped`
        : "";
    say(
      `anthale eval: resuming: ${outcomes.size} of ${cases.length} cases already done${droppedNote}.`,
    );
  }
  return { outcomes, startedAt: earlier.results?.startedAt };
}
