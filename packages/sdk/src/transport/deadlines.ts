/**
 * One timer for every attempt's deadline. A `setTimeout` per attempt costs a few microseconds on
 * Node.js, because each call that finds no other timer of its duration builds and tears down a
 * timer list; a call to Anthale takes a few hundred microseconds on a fast network, so that is
 * about 1%. Here the timer stays armed for the earliest deadline between calls, and only keeps the
 * process alive while some attempt is waiting.
 */

/** A deadline being watched, to hand to {@link clearDeadline}. */
export interface Deadline {
  /** When it expires, as `Date.now()`. */
  at: number;
  expire: () => void;
}

const waiting = new Set<Deadline>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Number.POSITIVE_INFINITY;

function arm(at: number): void {
  clearTimeout(timer);
  timerAt = at;
  // Timers take at most 2^31 - 1 ms (about 24.8 days); a longer wait is re-armed when it ends.
  timer = setTimeout(expireDue, Math.min(at - Date.now(), 2_147_483_647));
  keepAlive();
}

// Where timers can be unreferenced (Node.js, Bun, Deno's Node layer), the timer holds the process
// open only while an attempt waits.
function keepAlive(): void {
  const handle = timer as { ref?: () => void; unref?: () => void } | undefined;
  if (waiting.size > 0) handle?.ref?.();
  else handle?.unref?.();
}

function expireDue(): void {
  timer = undefined;
  timerAt = Number.POSITIVE_INFINITY;
  const now = Date.now();
  let next = Number.POSITIVE_INFINITY;
  for (const deadline of waiting) {
    if (deadline.at <= now) {
      waiting.delete(deadline);
      deadline.expire();
    } else next = Math.min(next, deadline.at);
  }
  if (next < Number.POSITIVE_INFINITY) arm(next);
}

/** Calls `expire` once `ms` milliseconds have passed, unless {@link clearDeadline} comes first. */
export function watchDeadline(ms: number, expire: () => void): Deadline {
  const deadline = { at: Date.now() + ms, expire };
  waiting.add(deadline);
  if (deadline.at < timerAt) arm(deadline.at);
  else if (waiting.size === 1) keepAlive();
  return deadline;
}

/** Stops watching a deadline (cheap; call it as soon as the attempt ends). */
export function clearDeadline(deadline: Deadline): void {
  waiting.delete(deadline);
  if (waiting.size === 0) keepAlive();
}
