// The `fetch` the evaluation's one Anthale client sends with: it tells the pacer about every HTTP
// attempt (the SDK's own retries included) and what each answer said about the rate limit, and
// notes when the last attempt of each case started, so a case's latency leaves out retries and
// waits. The runner names the case's send ticket in a private request header, which this fetch
// removes before anything is sent.
import type { RatePacer } from "./rate-pacer.js";

/** The private header carrying a case's send ticket from the runner to this fetch. */
export const TICKET_HEADER = "x-anthale-cli-ticket";

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** A fetch reporting to a pacer, and when each ticket's latest attempt started. */
export interface PacedFetch {
  fetch: Fetch;
  /** When the latest attempt for a ticket started (`performance.now()`); forgets it. */
  takeAttemptStart(seq: number): number | undefined;
}

/** A fetch that reports to `pacer`; `base` does the sending (the global fetch by default). */
export function pacedFetch(
  pacer: RatePacer,
  base: Fetch = (url, init) => fetch(url, init),
): PacedFetch {
  const attemptStarts = new Map<number, number>();
  const send: Fetch = async (url, init) => {
    const headers = new Headers(init.headers);
    const ticket = headers.get(TICKET_HEADER);
    headers.delete(TICKET_HEADER);
    const ticketSeq = ticket === null ? undefined : Number(ticket);
    // A ticket's first attempt uses the send number reserved for it; a retry takes a new one.
    const seq =
      ticketSeq !== undefined && !attemptStarts.has(ticketSeq) ? ticketSeq : pacer.reserve().seq;
    const sentAt = performance.now();
    if (ticketSeq !== undefined) attemptStarts.set(ticketSeq, sentAt);
    let response: Response;
    try {
      response = await base(url, { ...init, headers });
    } catch (error) {
      pacer.settled({ seq, probe: false });
      throw error;
    }
    const retryAfter = response.headers.get("retry-after");
    pacer.observe({
      seq,
      sentAt,
      receivedAt: performance.now(),
      status: response.status,
      ...readRateLimit(response.headers),
      ...(response.status === 429 && retryAfter !== null ? retryAfterMs(retryAfter) : {}),
    });
    return response;
  };
  return {
    fetch: send,
    takeAttemptStart(seq) {
      const start = attemptStarts.get(seq);
      attemptStarts.delete(seq);
      return start;
    },
  };
}

function readRateLimit(headers: Headers): {
  rateLimit?: { limit: number; remaining: number; reset: number };
} {
  const limit = whole(headers.get("ratelimit-limit"));
  const remaining = whole(headers.get("ratelimit-remaining"));
  const reset = whole(headers.get("ratelimit-reset"));
  if (limit === undefined || remaining === undefined || reset === undefined) return {};
  return { rateLimit: { limit, remaining, reset } };
}

function whole(value: string | null): number | undefined {
  return value !== null && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds (at most 5 minutes). */
function retryAfterMs(value: string): { retryAfterMs?: number } {
  const text = value.trim();
  const ms = /^\d{1,9}$/.test(text) ? Number(text) * 1000 : Date.parse(text) - Date.now();
  return Number.isFinite(ms) ? { retryAfterMs: Math.min(Math.max(ms, 0), 300_000) } : {};
}
