// Request and response headers: merging them, telling which may carry credentials, masking those
// for log lines and listing the secrets they hold, and reading the response's rate-limit headers.
import type { RateLimit } from "../base/types.js";
import { secretForms } from "../support/secrets.js";

/** Response headers as a plain object with lower-cased names. */
export function headersToObject(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers);
}

// Names of headers that carry credentials: any that mentions a key, token, secret, auth (such as
// `authorization`, `proxy-authorization`, `x-auth`), cookie, session, password or signature.
const sensitiveName = /key|token|secret|auth|cookie|session|passw|credential|signature/i;

/** Whether a header's value may be a credential, judged by its name. */
function isSensitiveHeader(name: string): boolean {
  return sensitiveName.test(name);
}

/**
 * The secrets in the headers that may hold credentials: each value in every form it may come back
 * in (see {@link secretForms}).
 */
export function sensitiveValues(headers: Readonly<Record<string, string>> | undefined): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (isSensitiveHeader(name)) values.push(...secretForms(value));
  }
  return values;
}

/** A copy of request headers fit for a log line: every credential is replaced by `***`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = isSensitiveHeader(name) ? "***" : value;
  }
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
  // No prototype, so a header named `__proto__` is a header like any other.
  const result: Record<string, string> = Object.create(null);
  for (const source of sources) {
    if (!source) continue;
    for (const [name, value] of Object.entries(source)) result[name.toLowerCase()] = value;
  }
  return result;
}
