// How far a run is, on stderr: a progress bar on a terminal (done/total, rate, ETA, blocks so
// far), plain lines every few seconds otherwise (a CI log), and nothing with `quiet`.
import { SingleBar } from "cli-progress";
import type { CaseOutcome } from "../eval/case-result.js";

/** Receives the run's progress. */
export interface Progress {
  /** The outcome of one more case. */
  advance(outcome: CaseOutcome): void;
  /** A line to show (a notice), without breaking the bar. */
  note(line: string): void;
  /** Ends the display. */
  stop(): void;
}

/** Counts shown by every display. */
class Tally {
  done: number;
  blocked = 0;
  errors = 0;
  readonly started = performance.now();
  private readonly alreadyDone: number;

  constructor(
    readonly total: number,
    alreadyDone: number,
  ) {
    this.done = alreadyDone;
    this.alreadyDone = alreadyDone;
  }

  add(outcome: CaseOutcome): void {
    this.done++;
    if (outcome.action === "block") this.blocked++;
    if (outcome.status === "error") this.errors++;
  }

  /** Cases per second in this run (resumed cases left out). */
  rate(): number {
    const seconds = (performance.now() - this.started) / 1000;
    return seconds > 0 ? (this.done - this.alreadyDone) / seconds : 0;
  }
}

/** The display for a stream: a bar on a TTY, periodic lines otherwise. */
export function createProgress(
  stream: NodeJS.WriteStream,
  total: number,
  alreadyDone: number,
  options: { quiet?: boolean; intervalMs?: number } = {},
): Progress {
  const tally = new Tally(total, alreadyDone);
  if (options.quiet) {
    return { advance: (outcome) => tally.add(outcome), note: () => {}, stop: () => {} };
  }
  return stream.isTTY
    ? barProgress(stream, tally)
    : lineProgress(stream, tally, options.intervalMs ?? 5000);
}

function barProgress(stream: NodeJS.WriteStream, tally: Tally): Progress {
  const bar = new SingleBar({
    stream,
    format:
      "{bar} {value}/{total} | {speed} cases/s | ETA {eta_formatted} | blocked {blocked} | errors {errors}",
    barsize: 30,
    hideCursor: true,
    etaBuffer: 200,
    fps: 10,
  });
  bar.start(tally.total, tally.done, { speed: "0", blocked: 0, errors: 0 });
  return {
    advance(outcome) {
      tally.add(outcome);
      bar.update(tally.done, {
        speed: tally.rate().toFixed(0),
        blocked: tally.blocked,
        errors: tally.errors,
      });
    },
    note(line) {
      bar.stop();
      stream.write(`${line}\n`);
      bar.start(tally.total, tally.done, {
        speed: tally.rate().toFixed(0),
        blocked: tally.blocked,
        errors: tally.errors,
      });
    },
    stop() {
      bar.stop();
    },
  };
}

function lineProgress(stream: NodeJS.WriteStream, tally: Tally, intervalMs: number): Progress {
  const line = () => {
    const rate = tally.rate();
    const left = tally.total - tally.done;
    const eta = rate > 0 ? `, ETA ${Math.ceil(left / rate)} s` : "";
    const percent = tally.total > 0 ? Math.floor((tally.done / tally.total) * 100) : 100;
    stream.write(
      `anthale eval: ${tally.done}/${tally.total} cases (${percent}%), ${rate.toFixed(0)} cases/s${eta}, ${tally.blocked} blocked, ${tally.errors} errors\n`,
    );
  };
  const timer = setInterval(line, intervalMs);
  timer.unref();
  return {
    advance: (outcome) => tally.add(outcome),
    note: (text) => stream.write(`${text}\n`),
    stop() {
      clearInterval(timer);
      line();
    },
  };
}
