import { describe, expect, it } from "vitest";
import { headersToObject, readRateLimit, redactHeaders } from "./headers.js";

describe("redactHeaders", () => {
  it("hides credentials whatever their case and keeps the rest", () => {
    expect(
      redactHeaders({
        Authorization: "Bearer secret",
        cookie: "a=b",
        "X-Api-Key": "k",
        Prefer: "example=allow",
      }),
    ).toEqual({ Authorization: "***", cookie: "***", "X-Api-Key": "***", Prefer: "example=allow" });
  });
});

describe("readRateLimit", () => {
  it("reads the three RateLimit headers", () => {
    const headers = new Headers({
      "RateLimit-Limit": "100",
      "RateLimit-Remaining": "7",
      "RateLimit-Reset": "12",
    });
    expect(readRateLimit(headers)).toEqual({ limit: 100, remaining: 7, reset: 12 });
  });
  it("is undefined when one is missing or unreadable", () => {
    expect(
      readRateLimit(new Headers({ "RateLimit-Limit": "100", "RateLimit-Remaining": "7" })),
    ).toBeUndefined();
    expect(
      readRateLimit(
        new Headers({ "RateLimit-Limit": "x", "RateLimit-Remaining": "7", "RateLimit-Reset": "1" }),
      ),
    ).toBeUndefined();
  });
});

describe("headersToObject", () => {
  it("lower-cases names", () => {
    expect(headersToObject(new Headers({ "Request-Id": "abc" }))).toEqual({ "request-id": "abc" });
  });
});
