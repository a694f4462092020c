/**
 * A client option kept out of the public API: a factor applied to every wait between attempts
 * (backoff and `Retry-After` alike). The fault and load suites set it to a small value, so retries
 * run for real without waiting seconds. It is keyed by a symbol that the package does not export.
 */
export const retryDelayScale: unique symbol = Symbol("anthale.retryDelayScale");

/** Client options as the constructor reads them, including the non-public ones. */
export interface InternalClientOptions {
  [retryDelayScale]?: number;
}

/** The factor set with {@link retryDelayScale}; 1 unless a finite number from 0 to 1 was given. */
export function readRetryDelayScale(options: InternalClientOptions): number {
  const value = options[retryDelayScale];
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1
    ? value
    : 1;
}
