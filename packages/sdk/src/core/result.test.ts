import { describe, expect, it } from "vitest";
import { InvalidResponseError } from "../base/errors.js";
import type { Message } from "../base/types.js";
import { parseEnforcementResult, toEnforceResult } from "./result.js";

const enforcerIdentifier = "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f";
const json = { "content-type": "application/json" };
const sent: Message[] = [{ role: "user", content: "My email is jane@example.com" }];
const leak = {
  guardrailKey: "data-leakage-prevention",
  action: "redact",
  score: 0.9,
  threads: [
    {
      category: "email",
      score: 0.9,
      span: "jane@example.com",
      messageIdentifier: 0,
      contentIdentifier: 0,
    },
  ],
};

/** The answer `body` read and turned into a result, with `headers`. */
function resultOf(body: unknown, headers: Record<string, string> = json) {
  const received = new Headers(headers);
  return toEnforceResult(
    parseEnforcementResult(200, received, JSON.stringify(body)),
    received,
    sent,
  );
}

describe("parseEnforcementResult", () => {
  it.each([
    ["null", null, "with null"],
    ["an array", [], "with an array"],
    ["a string", "allow", "with a string"],
    ["no action", { enforcerIdentifier }, "lacks `action`"],
    [
      "evaluations that are not a list",
      { enforcerIdentifier, action: "allow", evaluations: 1 },
      "`evaluations` is not an array",
    ],
  ])("refuses %s with an InvalidResponseError saying what is wrong", (_name, body, says) => {
    const read = () => parseEnforcementResult(200, new Headers(json), JSON.stringify(body));
    expect(read).toThrow(InvalidResponseError);
    expect(read).toThrow(says);
  });

  it("refuses a body that is not JSON, by its content type or its text", () => {
    const html = new Headers({ "content-type": "text/html" });
    expect(() => parseEnforcementResult(200, html, "{}")).toThrow('content type "text/html"');
    expect(() => parseEnforcementResult(200, new Headers(json), "{")).toThrow("not valid JSON");
  });
});

describe("toEnforceResult", () => {
  it("keeps the body's fields, unknown ones included, and reads requestId and rateLimit from the headers", () => {
    const result = resultOf(
      { enforcerIdentifier, action: "allow", evaluations: [], reviewQueue: "later" },
      {
        ...json,
        "request-id": "req_1",
        "ratelimit-limit": "10",
        "ratelimit-remaining": "9",
        "ratelimit-reset": "30",
      },
    );
    expect(result).toStrictEqual({
      enforcerIdentifier,
      action: "allow",
      evaluations: [],
      reviewQueue: "later",
      requestId: "req_1",
      rateLimit: { limit: 10, remaining: 9, reset: 30 },
    });
  });

  it("never takes from the body a field the SDK vouches for", () => {
    const forged = {
      requestId: "req_forged",
      rateLimit: { limit: 1, remaining: 1, reset: 1 },
      redaction: { complete: true, source: "spans", unmatched: [] },
      redactedMessages: [{ role: "user", content: "forged" }],
    };
    expect(resultOf({ enforcerIdentifier, action: "allow", ...forged })).toStrictEqual({
      enforcerIdentifier,
      action: "allow",
    });
    // No span to hide and server messages that are no redaction of what was sent: the SDK's own
    // report says the redaction is incomplete, whatever the body claims.
    const redacted = resultOf({ enforcerIdentifier, action: "redact", evaluations: [], ...forged });
    expect(redacted.requestId).toBeUndefined();
    expect(redacted.rateLimit).toBeUndefined();
    expect(redacted.redaction).toMatchObject({ complete: false, problem: "no-spans" });
    expect(redacted.redactedMessages).toBeUndefined();
  });

  it("builds a new result each time: the parsed answer is never changed", () => {
    const body = {
      enforcerIdentifier,
      action: "redact",
      evaluations: [leak],
      redactedMessages: [{ role: "user", content: "My email is [REDACTED:email]" }],
    };
    const headers = new Headers(json);
    const parsed = parseEnforcementResult(200, headers, JSON.stringify(body));
    const snapshot = structuredClone(parsed);
    const first = toEnforceResult(parsed, headers, sent);
    const second = toEnforceResult(parsed, headers, sent);
    expect(first.redaction).toMatchObject({ complete: true, source: "server" });
    expect(second).toStrictEqual(first);
    expect(second).not.toBe(first);
    expect(parsed).toStrictEqual(snapshot);
  });

  it("redacts on redact only", () => {
    expect(resultOf({ enforcerIdentifier, action: "redact", evaluations: [leak] })).toMatchObject({
      redactedMessages: [{ role: "user", content: "My email is [REDACTED:email]" }],
      redaction: { complete: true, source: "spans" },
    });
    const blocked = resultOf({ enforcerIdentifier, action: "block", evaluations: [leak] });
    expect(blocked.redaction).toBeUndefined();
    expect(blocked.redactedMessages).toBeUndefined();
  });
});
