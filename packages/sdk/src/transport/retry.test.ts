import { describe, expect, it } from "vitest";
import {
  INITIAL_RETRY_DELAY_MS,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  MAX_RETRY_DELAY_MS,
  parseRetryAfter,
  retryDelay,
} from "./retry.js";

describe("isRetryableStatus", () => {
  it("retries 408, 409, 429 and every 5xx", () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504, 599])
      expect(isRetryableStatus(status)).toBe(true);
  });
  it("never retries other 4xx", () => {
    for (const status of [400, 401, 403, 404, 405, 410, 422])
      expect(isRetryableStatus(status)).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads seconds", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
  });
  it("reads an HTTP date relative to now", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now)).toBe(7000);
  });
  it("treats a date in the past as no wait", () => {
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
  });
  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
  });
});

describe("retryDelay", () => {
  it("doubles from the initial delay, up to the maximum", () => {
    const noJitter = () => 0;
    expect(retryDelay(0, undefined, noJitter)).toBe(INITIAL_RETRY_DELAY_MS);
    expect(retryDelay(1, undefined, noJitter)).toBe(INITIAL_RETRY_DELAY_MS * 2);
    expect(retryDelay(2, undefined, noJitter)).toBe(INITIAL_RETRY_DELAY_MS * 4);
    expect(retryDelay(20, undefined, noJitter)).toBe(MAX_RETRY_DELAY_MS);
  });
  it("takes off at most a quarter as jitter", () => {
    expect(retryDelay(0, undefined, () => 0.999999)).toBeCloseTo(INITIAL_RETRY_DELAY_MS * 0.75, 0);
    expect(retryDelay(0, undefined, () => 0.5)).toBe(INITIAL_RETRY_DELAY_MS * 0.875);
  });
  it("honours Retry-After, capped", () => {
    expect(retryDelay(0, 2000)).toBe(2000);
    expect(retryDelay(3, 0)).toBe(0);
    expect(retryDelay(0, 10 * 60_000)).toBe(MAX_RETRY_AFTER_MS);
  });
});
