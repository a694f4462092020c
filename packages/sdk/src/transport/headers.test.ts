import { describe, expect, it } from "vitest";
import { headersToObject, readRateLimit, redactHeaders, sensitiveValues } from "./headers.js";

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

describe("redactHeaders: every header that may carry a credential", () => {
  it.each([
    "api-key",
    "X-Anthale-Key",
    "x-auth-token",
    "X-Access-Token",
    "x-client-secret",
    "Set-Cookie",
    "x-session-id",
    "Proxy-Authorization",
    "x-password",
    "x-amz-signature",
  ])("masks %s", (name) => {
    expect(redactHeaders({ [name]: "value-1" })).toEqual({ [name]: "***" });
  });
  it.each(["content-type", "x-request-id", "prefer", "traceparent", "user-agent"])(
    "keeps %s",
    (name) => {
      expect(redactHeaders({ [name]: "value-1" })).toEqual({ [name]: "value-1" });
    },
  );
});

describe("sensitiveValues", () => {
  it("lists the values of credential headers only", () => {
    expect(
      sensitiveValues({ "x-api-key": "key-1", "x-team": "team-1", cookie: "c=123", "x-auth": "1" }),
    ).toEqual(["key-1", "key-1", "c=123", "c=123"]);
    expect(sensitiveValues(undefined)).toEqual([]);
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
