import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import { checkApiKey, checkHeaders } from "./credentials.js";

const key = "sk-live-abc123";

function errorOf(run: () => unknown): AnthaleValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof AnthaleValidationError) return error;
    throw error;
  }
  throw new Error("expected an AnthaleValidationError");
}

describe("checkApiKey", () => {
  it("returns the key trimmed", () => {
    expect(checkApiKey(`  ${key}\n`, "options.apiKey")).toBe(key);
  });

  it.each([
    ["a line feed", `${key}\nsk-live-def`, /line break/],
    ["a carriage return", `${key}\r\nX-Injected: 1`, /line break/],
    ["a space", "sk-live abc", /whitespace/],
    ["a tab", "sk-live\tabc", /whitespace/],
    ["a NUL", "sk-live\0abc", /control character/],
    ["a non-ASCII letter", "sk-livé-abc", /outside printable ASCII/],
  ])(
    "refuses a key with %s inside, naming where it came from and never quoting it",
    (_, value, problem) => {
      const error = errorOf(() => checkApiKey(value, "ANTHALE_API_KEY"));
      expect(error.path).toBe("ANTHALE_API_KEY");
      expect(error.message).toMatch(problem);
      expect(error.message).not.toContain("sk-live");
      expect(error.message).not.toContain("abc");
    },
  );

  it("refuses a key that is not a string", () => {
    expect(errorOf(() => checkApiKey(42, "options.apiKey")).message).toMatch(/string, got number/);
  });

  it("never echoes any part of a refused key (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6, maxLength: 30 }).filter((s) => /^[a-zA-Z0-9]+$/.test(s)),
        fc.constantFrom("\n", "\r", " ", "\t", "\0", "\u2028", "é"),
        fc.nat(),
        (secret, bad, at) => {
          const position = (at % (secret.length - 1)) + 1;
          const value = `${secret.slice(0, position)}${bad}${secret.slice(position)}`;
          const error = errorOf(() => checkApiKey(value, "options.apiKey"));
          expect(error.message).not.toContain(secret.slice(0, 6));
          expect(error.message).not.toContain(secret.slice(-6));
        },
      ),
    );
  });
});

describe("checkHeaders", () => {
  it("accepts a plain object of header names and values", () => {
    const headers = { "X-Team": " a ", "x-api-key": "k\tv" };
    // A snapshot, trimmed as fetch sends it.
    expect({ ...checkHeaders(headers, "options.defaultHeaders") }).toEqual({
      "X-Team": "a",
      "x-api-key": "k\tv",
    });
    expect(checkHeaders(undefined, "options.defaultHeaders")).toBeUndefined();
  });

  it("refuses a value with a line break, naming the header and not the value", () => {
    const error = errorOf(() =>
      checkHeaders({ "X-Api-Key": "secret-1\nX-Evil: 1" }, "options.defaultHeaders"),
    );
    expect(error.path).toBe('options.defaultHeaders["X-Api-Key"]');
    expect(error.message).toMatch(/line break/);
    expect(error.message).not.toContain("secret-1");
  });

  it("refuses bad names, non-string values and non-objects", () => {
    expect(errorOf(() => checkHeaders({ "bad name": "x" }, "h")).message).toMatch(/header name/);
    expect(errorOf(() => checkHeaders({ "x-n": 5 }, "h")).message).toMatch(/string, got number/);
    expect(errorOf(() => checkHeaders({ "x-n": "日本" }, "h")).message).toMatch(/outside/);
    expect(errorOf(() => checkHeaders(new Headers(), "h")).message).toMatch(/plain object/);
    expect(errorOf(() => checkHeaders("x: y", "h")).message).toMatch(/plain object/);
  });
});
