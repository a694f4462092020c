import { APIConnectionError, AuthenticationError, InternalServerError } from "@anthale/sdk";
import { describe, expect, it } from "vitest";
import { CliError } from "./cli-error.js";
import { describeError, hideSecrets } from "./describe-error.js";

const KEY = "sk-live-abcdef0123456789";

describe("describeError", () => {
  it("hides the key wherever an error quotes it", () => {
    const errors = [
      new InternalServerError(`500 upstream said Bearer ${KEY} is odd`, { status: 500 }),
      new APIConnectionError(`Connection error: http://x/?key=${KEY}`),
      new Error(`boom ${KEY}${KEY}`),
      new CliError(`bad ${KEY}`),
      `thrown string ${KEY}`,
    ];
    for (const error of errors) {
      const line = describeError(error, [KEY]);
      expect(line).not.toContain(KEY);
      expect(line).toContain("***");
    }
  });

  it("makes one line without control characters of a multi-line, escape-laden message", () => {
    const line = describeError(new Error("first\nsecond\r\n\u001b[31mred\u001b[0m"), []);
    expect(line).toBe("Unexpected Error: first second\\u000d \\u001b[31mred\\u001b[0m");
  });

  it("says what to do about a refused key and an unreachable server", () => {
    expect(describeError(new AuthenticationError("401 no", { status: 401 }), [])).toBe(
      "The API key was refused (401): check ANTHALE_API_KEY or --api-key.",
    );
    expect(describeError(new APIConnectionError("Connection error."), [])).toMatch(
      /check --base-url/,
    );
  });

  it("leaves text without secrets alone, and ignores empty secrets", () => {
    expect(hideSecrets("plain text", ["", undefined])).toBe("plain text");
  });
});
