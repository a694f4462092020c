import type { RateLimit } from "../core/types.js";

/** Response headers as a plain object with lower-cased names. */
export function headersToObject(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

const secretHeaders = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);

/** A copy of request headers fit for a log line: credentials are replaced by `***`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = secretHeaders.has(name.toLowerCase()) ? "***" : value;
  }
  return result;
}

function nonNegativeInteger(value: string | null): number | undefined {
  // Number("") is 0 and Number(" 7 ") is 7, so blank values are rejected first.
  if (value === null || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 ? number : undefined;
}

/** The `RateLimit-Limit`, `-Remaining` and `-Reset` headers, when all three are present. */
export function readRateLimit(headers: Headers): RateLimit | undefined {
  const limit = nonNegativeInteger(headers.get("ratelimit-limit"));
  const remaining = nonNegativeInteger(headers.get("ratelimit-remaining"));
  const reset = nonNegativeInteger(headers.get("ratelimit-reset"));
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
  return { limit, remaining, reset };
}

/**
 * Merges header objects into one with lower-cased names, later ones winning, so that two
 * spellings of one header (`Authorization`, `authorization`) never both reach the wire.
 */
export function mergeHeaders(
  ...sources: (Readonly<Record<string, string>> | undefined)[]
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const source of sources) {
    if (source)
      for (const name of Object.keys(source)) result[name.toLowerCase()] = source[name] as string;
  }
  return result;
}
