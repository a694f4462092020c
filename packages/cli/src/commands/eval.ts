// `anthale eval`: evaluate the policy on a labelled dataset. Loads and checks the dataset (nothing
// is sent when a line is invalid, unless --skip-invalid), runs the cases through one paced client,
// keeps every outcome as it comes, then writes results.json, report.html and the optional JUnit
// file, prints the summary and the comparison, and sets the exit code from the gates.
// Exit codes: 0 completed and every gate passed, 2 a gate failed, 1 an error, 130 interrupted.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { CliError } from "../config/cli-error.js";
import { stylerFor, useColor } from "../config/color.js";
import { type ConnectionFlags, createClient, resolveConnection } from "../config/connection.js";
import { describeError } from "../config/describe-error.js";
import { oneLine } from "../config/terminal-text.js";
import type { LineProblem } from "../dataset/dataset-types.js";
import { loadDataset } from "../dataset/load-dataset.js";
import type { CaseOutcome, EvalCase, RunResults } from "../eval/case-result.js";
import { errorOutcome, judgeCase } from "../eval/judge.js";
import { type Comparison, compareRuns, renderComparison } from "../report/compare.js";
import { evaluateGates } from "../report/gates.js";
import { renderHtmlReport } from "../report/html-report.js";
import { renderJunit } from "../report/junit.js";
import { computeMetrics } from "../report/metrics.js";
import { renderSummary } from "../report/summary.js";
import { pacedFetch } from "../run/paced-fetch.js";
import { createProgress } from "../run/progress.js";
import { RatePacer } from "../run/rate-pacer.js";
import { readResultsFile } from "../run/read-results-file.js";
import { Journal, writeResults } from "../run/results-store.js";
import { resumeFrom } from "../run/resume.js";
import { type Judge, runCases } from "../run/runner.js";

/** Exit code when a gate (--min-f1, --min-accuracy, --fail-on-regression) failed. */
const EXIT_GATE_FAILED = 2;
/** Exit code when the run was interrupted with Ctrl-C (results kept, complete: false). */
const EXIT_INTERRUPTED = 130;
/** The output folder when --out is not given. */
export const DEFAULT_OUT_DIR = "anthale-eval";
/** How many invalid lines are listed before the rest are counted. */
const MAX_LISTED_PROBLEMS = 50;

/** The flags of `anthale eval`. */
export interface EvalFlags extends ConnectionFlags {
  concurrency: number;
  out: string;
  junit?: string;
  compare?: string;
  minF1?: number;
  minAccuracy?: number;
  failOnRegression?: boolean;
  skipInvalid?: boolean;
  resume?: boolean;
  json?: boolean;
  progress?: boolean;
}

/** Runs `anthale eval`; resolves to the exit code. */
export async function runEval(datasetPath: string, flags: EvalFlags): Promise<number> {
  if (flags.failOnRegression && !flags.compare) {
    throw new CliError(
      "--fail-on-regression needs --compare <previous results.json> to compare with.",
    );
  }
  const connection = resolveConnection(flags);
  const secrets = [connection.apiKey];
  const stderr = process.stderr;
  const say = (line: string) => stderr.write(`${line}\n`);

  const cases = await readCases(datasetPath, Boolean(flags.skipInvalid), say);
  const previous = flags.compare ? await readResultsFile(flags.compare) : undefined;
  const outDir = resolve(flags.out);

  // What an earlier run already did (with --resume).
  const earlier = flags.resume
    ? await resumeFrom(outDir, cases, connection.policyId, say)
    : { outcomes: new Map<string, CaseOutcome>(), startedAt: undefined };
  const outcomes = earlier.outcomes;
  const startedAt = earlier.startedAt ?? new Date().toISOString();
  const todo = cases.filter((evalCase) => !outcomes.has(evalCase.id));

  const pacer = new RatePacer();
  const judge: Judge = { judgeCase, errorOutcome };
  const transport = pacedFetch(pacer);
  const client = createClient(connection, { ...flags, fetch: transport.fetch });
  const journal = await Journal.create(outDir, {
    dataset: datasetPath,
    policy: connection.policyId,
    startedAt,
  });
  // The new journal starts with what was already done, so a second crash loses none of it.
  for (const outcome of outcomes.values()) journal.append(outcome);
  const progress = createProgress(stderr, cases.length, outcomes.size, {
    quiet: flags.progress === false,
  });

  const stop = new AbortController();
  const abort = new AbortController();
  const onSigint = () => {
    if (!stop.signal.aborted) {
      stop.abort();
      progress.note(
        "anthale eval: stopping: no new case is sent; waiting for the cases in flight (Ctrl-C again to abort them).",
      );
    } else {
      abort.abort();
    }
  };
  process.on("SIGINT", onSigint);
  let end: Awaited<ReturnType<typeof runCases>>;
  try {
    end = await runCases({
      client,
      pacer,
      transport,
      policyId: connection.policyId,
      cases: todo,
      concurrency: flags.concurrency,
      judge,
      onOutcome: (outcome) => {
        outcomes.set(outcome.id, outcome);
        journal.append(outcome);
        progress.advance(outcome);
      },
      stop: stop.signal,
      abort: abort.signal,
      describe: (error) => describeError(error, secrets),
    });
  } finally {
    process.off("SIGINT", onSigint);
    progress.stop();
    await journal.close();
  }

  const run: RunResults = {
    version: 1,
    dataset: datasetPath,
    policy: connection.policyId,
    startedAt,
    finishedAt: new Date().toISOString(),
    complete: cases.every((evalCase) => outcomes.has(evalCase.id)),
    cases: cases.flatMap((evalCase) => {
      const outcome = outcomes.get(evalCase.id);
      return outcome ? [outcome] : [];
    }),
  };
  const resultsPath = await writeResults(outDir, run);
  if (pacer.throttled > 0) {
    say(
      `anthale eval: the server answered 429 ${pacer.throttled} times (${pacer.probes} probes at window ends); no case failed for it.`,
    );
  }
  if (end.fatal !== undefined) {
    throw new CliError(
      `${describeError(end.fatal, secrets)} The run stopped; ${run.cases.length} of ${cases.length} cases are saved in ${resultsPath}.`,
    );
  }
  if (!run.complete) {
    say(
      `anthale eval: interrupted: ${run.cases.length} of ${cases.length} cases done, saved in ${resultsPath} (complete: false). Run the same command with --resume to finish.`,
    );
    return EXIT_INTERRUPTED;
  }
  return report(run, resultsPath, outDir, previous, flags);
}

/** Loads the dataset; lists its invalid lines; stops unless they may be skipped. */
async function readCases(
  path: string,
  skipInvalid: boolean,
  say: (line: string) => void,
): Promise<EvalCase[]> {
  const { cases, invalid } = await loadDataset(path);
  if (invalid.length > 0) {
    for (const problem of invalid.slice(0, MAX_LISTED_PROBLEMS))
      say(describeProblem(path, problem));
    if (invalid.length > MAX_LISTED_PROBLEMS) {
      say(`${path}: … and ${invalid.length - MAX_LISTED_PROBLEMS} more invalid lines.`);
    }
    if (!skipInvalid) {
      throw new CliError(
        `${path} has ${invalid.length} invalid line${invalid.length === 1 ? "" : "s"} (listed above), so nothing was sent: fix them, or pass --skip-invalid to leave them out.`,
      );
    }
    say(
      `anthale eval: skipping ${invalid.length} invalid line${invalid.length === 1 ? "" : "s"} (${listLines(invalid)}) as --skip-invalid asks.`,
    );
  }
  if (cases.length === 0) throw new CliError(`${path} holds no valid case: nothing to evaluate.`);
  return cases;
}

function describeProblem(path: string, { line, problem }: LineProblem): string {
  return oneLine(`${path}:${line}: ${problem}`).slice(0, 400);
}

function listLines(invalid: LineProblem[]): string {
  const lines = invalid.slice(0, 20).map((problem) => problem.line);
  const more = invalid.length > 20 ? `, and ${invalid.length - 20} more` : "";
  return `line${invalid.length === 1 ? "" : "s"} ${lines.join(", ")}${more}`;
}

/** Writes the reports, prints the summary, and applies the gates. */
async function report(
  run: RunResults,
  resultsPath: string,
  outDir: string,
  previous: RunResults | undefined,
  flags: EvalFlags,
): Promise<number> {
  const metrics = computeMetrics(run.cases);
  const comparison: Comparison | undefined = previous ? compareRuns(previous, run) : undefined;
  const htmlPath = join(outDir, "report.html");
  await writeFile(htmlPath, renderHtmlReport(run, metrics, comparison));
  if (flags.junit) {
    // Like --out, the JUnit file's folder is created when it does not exist yet.
    await mkdir(dirname(flags.junit), { recursive: true });
    await writeFile(flags.junit, renderJunit(run));
  }
  const gates = evaluateGates({
    metrics,
    ...(comparison ? { comparison } : {}),
    ...(flags.minF1 === undefined ? {} : { minF1: flags.minF1 }),
    ...(flags.minAccuracy === undefined ? {} : { minAccuracy: flags.minAccuracy }),
    failOnRegression: Boolean(flags.failOnRegression),
  });
  if (flags.json) {
    const output = { results: resultsPath, report: htmlPath, metrics, comparison, gates };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    const color = useColor(process.stdout);
    const style = stylerFor(color);
    process.stdout.write(renderSummary(metrics, { color }));
    if (comparison) process.stdout.write(`\n${renderComparison(comparison, { color })}`);
    process.stdout.write(`\nResults: ${resultsPath}\nReport: ${htmlPath}\n`);
    if (flags.junit) process.stdout.write(`JUnit: ${resolve(flags.junit)}\n`);
    for (const reason of gates.reasons) {
      process.stdout.write(`${style(["bold", "red"], "Gate failed:")} ${reason}\n`);
    }
  }
  return gates.passed ? 0 : EXIT_GATE_FAILED;
}
