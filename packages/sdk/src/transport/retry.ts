// The retry policy: which statuses are retried, how long to wait before the next attempt, and
// reading the wait a server asks for in its Retry-After header.

/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** First backoff delay, in milliseconds. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** Longest backoff delay between attempts, in milliseconds. */
export const MAX_RETRY_DELAY_MS = 8_000;
/** Longest wait the SDK accepts from a `Retry-After` header, in milliseconds. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Milliseconds asked by a `Retry-After` header, given in seconds or as an HTTP date;
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month ("Wed, 21 Oct 2026 07:28:00 GMT"); bare numbers such as
  // "-1" are not dates, even where Date.parse would accept them.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Milliseconds to wait before retry number `retry` (0 for the first retry): the server's
 * `Retry-After` when it gave one (capped at {@link MAX_RETRY_AFTER_MS}), else exponential backoff
 * from {@link INITIAL_RETRY_DELAY_MS} up to {@link MAX_RETRY_DELAY_MS}, less up to 25% jitter.
 */
export function retryDelay(
  retry: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const backoff = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return backoff * (1 - 0.25 * random());
}
