// Runs the cases of an evaluation concurrently through one Anthale client: a fixed number of
// workers take the next case, wait for the pacer, send it and judge the answer. A rate limit
// never fails a case (it is sent again once the pacer allows); any other failure, after the SDK's
// own retries, makes the case an error; a refused key or a missing policy stops the whole run.
import {
  type Anthale,
  APIUserAbortError,
  AuthenticationError,
  type EnforceResult,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
} from "@anthale/sdk";
import type { CaseOutcome, EvalCase } from "../eval/case-result.js";
import { type PacedFetch, TICKET_HEADER } from "./paced-fetch.js";
import type { RatePacer } from "./rate-pacer.js";

/** How a case's answer, or its failure, becomes an outcome. */
export interface Judge {
  judgeCase(evalCase: EvalCase, result: EnforceResult, latencyMs: number): CaseOutcome;
  errorOutcome(evalCase: EvalCase, message: string, latencyMs: number): CaseOutcome;
}

/** What the runner needs. */
export interface RunnerOptions {
  /** The one client every case is sent with (its fetch must be `transport.fetch`). */
  client: Anthale;
  /** The pacer the client's fetch reports to. */
  pacer: RatePacer;
  /** The client's fetch, which reports to the pacer. */
  transport: PacedFetch;
  policyId: string;
  cases: readonly EvalCase[];
  /** How many cases are in flight at most. */
  concurrency: number;
  judge: Judge;
  /** Called with every outcome, as soon as it is known. */
  onOutcome: (outcome: CaseOutcome) => void;
  /** When it aborts, no new case is sent; cases in flight go on. */
  stop: AbortSignal;
  /** When it aborts, the cases in flight are aborted too (they get no outcome). */
  abort: AbortSignal;
  /** Describes a failure in one line, secrets hidden (for error outcomes). */
  describe: (error: unknown) => string;
}

/** How a run ended (whether every case got an outcome is read from the outcomes themselves). */
export interface RunEnd {
  /** The error that stopped the run (a refused key, a missing policy), if one did. */
  fatal?: unknown;
}

/** Whether an error means no case can succeed (so the run stops at once). */
function isFatal(error: unknown): boolean {
  return (
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof NotFoundError ||
    error instanceof RedirectError
  );
}

/** Runs every case; resolves when all are done, or the run was stopped. */
export async function runCases(options: RunnerOptions): Promise<RunEnd> {
  const { cases, concurrency } = options;
  const fatalStop = new AbortController();
  const stop = AbortSignal.any([options.stop, fatalStop.signal]);
  const abort = AbortSignal.any([options.abort, fatalStop.signal]);
  let next = 0;
  let fatal: unknown;

  const worker = async () => {
    while (!stop.aborted && next < cases.length) {
      const evalCase = cases[next++] as EvalCase;
      try {
        const outcome = await runCase(evalCase, options, stop, abort);
        if (outcome) options.onOutcome(outcome);
      } catch (error) {
        fatal ??= error;
        fatalStop.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  return fatal === undefined ? {} : { fatal };
}

/**
 * Sends one case until it has an outcome: again after a rate limit, once more without probing
 * after a failed probe. Resolves to undefined when the run stops first; throws a fatal error.
 */
async function runCase(
  evalCase: EvalCase,
  options: RunnerOptions,
  stop: AbortSignal,
  abort: AbortSignal,
): Promise<CaseOutcome | undefined> {
  const { client, pacer, transport, policyId, judge } = options;
  let allowProbe = true;
  for (;;) {
    let ticket: Awaited<ReturnType<RatePacer["acquire"]>>;
    try {
      ticket = await pacer.acquire(stop, { allowProbe });
    } catch {
      return undefined;
    }
    const started = performance.now();
    // The latency of the case's last attempt (retries, and waits between them, left out).
    const latency = () => performance.now() - (transport.takeAttemptStart(ticket.seq) ?? started);
    const headers = { [TICKET_HEADER]: String(ticket.seq) };
    try {
      const result = await client.organizations.policies.enforce(
        policyId,
        {
          direction: evalCase.direction,
          messages: evalCase.messages,
          ...(evalCase.metadata ? { metadata: evalCase.metadata } : {}),
        },
        // A probe is expected to meet a 429: it is not retried by the SDK (that would wait the
        // Retry-After), the pacer decides when to send again.
        ticket.probe ? { signal: abort, headers, maxRetries: 0 } : { signal: abort, headers },
      );
      pacer.settled(ticket);
      return judge.judgeCase(evalCase, result, latency());
    } catch (error) {
      pacer.settled(ticket);
      const latencyMs = latency();
      if (abort.aborted || error instanceof APIUserAbortError) return undefined;
      // The pacer saw the 429 and waits its Retry-After (or a backoff) before the next send.
      if (error instanceof RateLimitError) continue;
      if (isFatal(error)) throw error;
      if (ticket.probe) {
        allowProbe = false;
        continue;
      }
      return judge.errorOutcome(evalCase, options.describe(error), latencyMs);
    }
  }
}
