import type { RateLimit } from "../core/types.js";

/** Response headers as a plain object with lower-cased names. */
export function headersToObject(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers);
}

const secretHeaders = /^(authorization|proxy-authorization|cookie|x-api-key)$/i;

/** A copy of request headers fit for a log line: credentials are replaced by `***`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers)
    result[name] = secretHeaders.test(name) ? "***" : (headers[name] as string);
  return result;
}

/** The `RateLimit-Limit`, `-Remaining` and `-Reset` headers, when all three are whole numbers. */
export function readRateLimit(headers: Headers): RateLimit | undefined {
  const limit = wholeNumber(headers.get("ratelimit-limit"));
  const remaining = wholeNumber(headers.get("ratelimit-remaining"));
  const reset = wholeNumber(headers.get("ratelimit-reset"));
  return limit < 0 || remaining < 0 || reset < 0 ? undefined : { limit, remaining, reset };
}

// A header value of digits only as a number; -1 otherwise (Number("") is 0, Number(" 7 ") is 7).
function wholeNumber(value: string | null): number {
  return value && /^\d{1,15}$/.test(value) ? Number(value) : -1;
}

/**
 * Merges header objects into one with lower-cased names, later ones winning, so that two
 * spellings of one header (`Authorization`, `authorization`) never both reach the wire.
 */
export function mergeHeaders(
  ...sources: (Readonly<Record<string, string>> | undefined)[]
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const source of sources)
    for (const name in source) result[name.toLowerCase()] = source[name] as string;
  return result;
}
