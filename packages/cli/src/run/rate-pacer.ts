// Keeps an evaluation run under the server's rate limit, from what the `RateLimit-*` headers of
// every answer say, so the run slows down before it is throttled:
// - the freshest answer (the latest request sent that has been answered) says how many requests
//   the window has left; every request still unanswered is counted against that (whether the
//   server counted it already or not), so concurrent requests cannot overshoot it;
// - when nothing is left, sending waits for the window to end. `RateLimit-Reset` is in whole
//   seconds, so each answer only bounds the end of the window to a span of about two seconds; the
//   pacer sends one request at a time ("a probe") across that span, and the first probe that sees a
//   fresh window lets every worker go again. A probe turned away with 429 is expected and does not
//   pause the run; any other 429 pauses every worker for its `Retry-After` (or a backoff).
// Times are milliseconds on a monotonic clock. The class holds no timer: `decide` says what to
// do now, and `acquire` waits for it.

/** What an answer said about the rate limit, as the transport saw it. */
export interface RateObservation {
  /** The send number the request was given by `reserve`. */
  seq: number;
  /** When the request was sent. */
  sentAt: number;
  /** When its answer arrived. */
  receivedAt: number;
  /** The HTTP status. */
  status: number;
  /** `RateLimit-Limit`, `-Remaining` and `-Reset`, when the answer had all three. */
  rateLimit?: { limit: number; remaining: number; reset: number };
  /** The wait `Retry-After` asked for, in milliseconds, on a 429. */
  retryAfterMs?: number;
}

/** What a worker may do now. */
export type PacerDecision = { go: true; probe: boolean } | { go: false; until: number };

/** A permission to send one request, with its send number. */
export interface SendTicket {
  seq: number;
  probe: boolean;
}

/** Waits before a 429 that gave no `Retry-After`: 1 s, doubling, up to 30 s. */
const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
/** Probes are spaced by a fortieth of the span the window may end in, within these bounds. */
const PROBE_STEP_MIN_MS = 5;
const PROBE_STEP_MAX_MS = 50;
/** A worker that must wait checks again at least this often (the state may change meanwhile). */
const RECHECK_MS = 25;

/** Paces the requests of one run. */
export class RatePacer {
  private nextSeq = 0;
  /** The send numbers of the requests not answered yet. */
  private readonly unanswered = new Set<number>();
  /** What the freshest answer left in the window; undefined while no answer gave a limit. */
  private remaining: number | undefined;
  private limit = 0;
  private freshSeq = -1;
  /** The first send number of the current window (answers to earlier sends are stale). */
  private windowFirstSeq = 0;
  private windowLow = Number.NEGATIVE_INFINITY;
  private windowHigh = Number.POSITIVE_INFINITY;
  private probeSeq: number | undefined;
  private nextProbeAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private backoffMs = BACKOFF_START_MS;
  /** How many 429 answers were seen, probes included. */
  throttled = 0;
  /** How many probes were sent. */
  probes = 0;

  /** What a worker may do at `now`; `allowProbe: false` waits rather than probe. */
  decide(now: number, allowProbe = true): PacerDecision {
    if (now < this.pausedUntil) return { go: false, until: this.pausedUntil };
    if (this.remaining === undefined || this.remaining - this.unanswered.size > 0) {
      return { go: true, probe: false };
    }
    if (now >= this.windowHigh) {
      // The window has certainly ended: assume a fresh one until an answer says otherwise.
      this.startWindow(this.nextSeq, this.limit);
      return { go: true, probe: false };
    }
    const earliest = Math.max(this.windowLow, this.nextProbeAt);
    if (!allowProbe || this.probeSeq !== undefined || now < earliest) {
      const until = allowProbe && this.probeSeq === undefined ? earliest : this.windowHigh;
      return { go: false, until: Math.min(until, this.windowHigh) };
    }
    return { go: true, probe: true };
  }

  /** Takes the next send number (for a request about to be sent). */
  reserve(probe = false): SendTicket {
    const seq = this.nextSeq++;
    this.unanswered.add(seq);
    if (probe) {
      this.probeSeq = seq;
      this.probes++;
      const span = Number.isFinite(this.windowHigh - this.windowLow)
        ? this.windowHigh - this.windowLow
        : 1000;
      const step = Math.min(PROBE_STEP_MAX_MS, Math.max(PROBE_STEP_MIN_MS, span / 40));
      this.nextProbeAt = Math.max(this.windowLow, this.nextProbeAt) + step;
    }
    return { seq, probe };
  }

  /** Records what an answer said. */
  observe(observation: RateObservation): void {
    const { seq, status, rateLimit } = observation;
    this.unanswered.delete(seq);
    const wasProbe = seq === this.probeSeq;
    if (wasProbe) this.probeSeq = undefined;
    if (status === 429) {
      this.throttled++;
      if (!wasProbe) {
        const wait = observation.retryAfterMs ?? this.backoffMs;
        this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
        this.pausedUntil = Math.max(this.pausedUntil, observation.receivedAt + wait);
      }
    } else if (status < 400) {
      this.backoffMs = BACKOFF_START_MS;
    }
    if (!rateLimit || seq < this.windowFirstSeq) return;
    if (seq > this.freshSeq) {
      const newWindow =
        this.remaining === undefined ||
        rateLimit.remaining > this.remaining ||
        rateLimit.limit !== this.limit;
      if (newWindow) this.startWindow(seq, rateLimit.limit);
      this.freshSeq = seq;
      this.remaining = rateLimit.remaining;
    }
    // `reset` is whole seconds, rounded up or down: the window ends within a second either way.
    this.windowLow = Math.max(this.windowLow, observation.sentAt + (rateLimit.reset - 1) * 1000);
    this.windowHigh = Math.min(
      this.windowHigh,
      observation.receivedAt + (rateLimit.reset + 1) * 1000,
    );
  }

  /** Forgets a request that got no answer (a connection error, an abort, or never sent). */
  settled(ticket: SendTicket): void {
    this.unanswered.delete(ticket.seq);
    if (ticket.seq === this.probeSeq) this.probeSeq = undefined;
  }

  /** Pauses every worker until `until` (a 429 seen as an error, without headers). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /**
   * Waits until a request may be sent, then reserves it. Rejects with the signal's reason when
   * `signal` aborts first.
   */
  async acquire(
    signal: AbortSignal,
    options: { allowProbe?: boolean; now?: () => number } = {},
  ): Promise<SendTicket> {
    const now = options.now ?? (() => performance.now());
    for (;;) {
      signal.throwIfAborted();
      const decision = this.decide(now(), options.allowProbe ?? true);
      if (decision.go) return this.reserve(decision.probe);
      await sleep(Math.max(1, Math.min(decision.until - now(), RECHECK_MS)), signal);
    }
  }

  private startWindow(firstSeq: number, limit: number): void {
    this.windowFirstSeq = firstSeq;
    this.limit = limit;
    this.freshSeq = firstSeq - 1;
    this.remaining = limit;
    this.windowLow = Number.NEGATIVE_INFINITY;
    this.windowHigh = Number.POSITIVE_INFINITY;
    this.nextProbeAt = Number.NEGATIVE_INFINITY;
    this.probeSeq = undefined;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
