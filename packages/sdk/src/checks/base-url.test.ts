import { describe, expect, it } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import { checkBaseURL } from "./base-url.js";

function refusal(value: unknown, source = "options.baseURL"): AnthaleValidationError {
  try {
    checkBaseURL(value, source, false);
  } catch (error) {
    if (error instanceof AnthaleValidationError) return error;
    throw error;
  }
  throw new Error(`${String(value)} was accepted`);
}

describe("checkBaseURL", () => {
  it("accepts https and loopback http, without trailing slashes", () => {
    expect(checkBaseURL("https://api.anthale.com/", "options.baseURL", false)).toBe(
      "https://api.anthale.com",
    );
    expect(checkBaseURL("https://eu.anthale.test/v1", "options.baseURL", false)).toBe(
      "https://eu.anthale.test/v1",
    );
    expect(checkBaseURL("http://127.0.0.1:4010", "options.baseURL", false)).toBe(
      "http://127.0.0.1:4010",
    );
  });

  it("refuses credentials without quoting them", () => {
    const error = refusal("https://admin:hunter22@api.anthale.com");
    expect(error.path).toBe("options.baseURL");
    expect(error.message).toMatch(/credentials/);
    expect(error.message).not.toContain("hunter22");
    expect(error.message).not.toContain("admin");
    expect(refusal("https://token@api.anthale.com").message).not.toContain("token");
  });

  it("refuses a query or a fragment without quoting them", () => {
    const query = refusal("https://api.anthale.com/?key=sk-live-1");
    expect(query.message).toMatch(/query or fragment/);
    expect(query.message).not.toContain("sk-live-1");
    expect(refusal("https://api.anthale.com/#x").message).toMatch(/query or fragment/);
    expect(refusal("https://api.anthale.com?").message).toMatch(/query or fragment/);
  });

  it.each([
    " https://api.anthale.com",
    "https://api.anthale.com\n",
    "https://api.anth\tale.com",
    "https://api.anthale.com/\u0000",
  ])("refuses whitespace or control characters in or around %j", (value) => {
    expect(refusal(value).message).toMatch(/whitespace or control/);
  });

  it("refuses a port fetch would refuse to connect to", () => {
    expect(refusal("https://api.anthale.com:6000").message).toMatch(/port 6000/);
    expect(refusal("http://127.0.0.1:0").message).toMatch(/port 0/);
  });

  it("gives back the URL as parsed, so what is shown is what is contacted", () => {
    expect(checkBaseURL("https:/\\api.anthale.com/v1/../v2/", "options.baseURL", false)).toBe(
      "https://api.anthale.com/v2",
    );
  });

  it("refuses what is not a URL without quoting it, and names its source", () => {
    const error = refusal("sk-live-misplaced-key", "ANTHALE_BASE_URL");
    expect(error.path).toBe("ANTHALE_BASE_URL");
    expect(error.message).not.toContain("sk-live");
    expect(refusal(42).message).toMatch(/string, got number/);
    expect(refusal("ftp://api.anthale.com").message).toMatch(/https/);
  });
});
