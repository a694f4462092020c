import { describe, expect, it } from "vitest";
import {
  AnthaleError,
  AnthalePolicyViolationError,
  AnthaleValidationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors.js";

const body = {
  error: {
    title: "Nope",
    machineCode: "NopeCode",
    message: "It did not work.",
    details: { field: "x" },
  },
};

describe("APIError.fromResponse", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ])("picks the subclass for %i", (status, ErrorClass) => {
    const error = APIError.fromResponse(status, body, { "request-id": "req-1" });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(AnthaleError);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe("req-1");
    expect(error.title).toBe("Nope");
    expect(error.machineCode).toBe("NopeCode");
    expect(error.details).toEqual({ field: "x" });
    expect(error.message).toBe(`${status} It did not work. (request req-1)`);
  });

  it("falls back to APIError for other statuses and to the text of a non-JSON body", () => {
    const error = APIError.fromResponse(418, "I'm a teapot", {});
    expect(error.constructor).toBe(APIError);
    expect(error.message).toBe("418 I'm a teapot");
    expect(error.machineCode).toBeUndefined();
  });

  it("reads Retry-After on a 429, in seconds or as a date", () => {
    expect(
      (APIError.fromResponse(429, body, { "retry-after": "7" }) as RateLimitError).retryAfter,
    ).toBe(7);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const retryAfter = (
      APIError.fromResponse(429, body, { "retry-after": inTenSeconds }) as RateLimitError
    ).retryAfter;
    expect(retryAfter).toBeGreaterThanOrEqual(9);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect((APIError.fromResponse(429, body, {}) as RateLimitError).retryAfter).toBeUndefined();
  });
});

describe("connection errors", () => {
  it("have no status and sensible messages", () => {
    expect(new APIConnectionError().message).toBe("Connection error.");
    expect(new APIConnectionTimeoutError()).toBeInstanceOf(APIConnectionError);
    expect(new APIUserAbortError().status).toBeUndefined();
  });
});

describe("AnthaleValidationError", () => {
  it("says where and what", () => {
    const error = new AnthaleValidationError("messages[2].content[0].text", "must be a string");
    expect(error.message).toBe("messages[2].content[0].text: must be a string");
    expect(error.path).toBe("messages[2].content[0].text");
  });
});

describe("AnthalePolicyViolationError", () => {
  it("carries the decision and names the blocking guardrails", () => {
    const result = {
      enforcerIdentifier: "enf-1",
      action: "block",
      requestId: "req-9",
      evaluations: [
        {
          guardrailKey: "prompt-injection-protection" as const,
          action: "block" as const,
          score: 0.9,
        },
        { guardrailKey: "content-moderation" as const, action: "allow" as const, score: 0.1 },
      ],
    };
    const error = new AnthalePolicyViolationError("input", result);
    expect(error.enforcerIdentifier).toBe("enf-1");
    expect(error.direction).toBe("input");
    expect(error.result).toBe(result);
    expect(error.message).toBe(
      "The Anthale policy blocked the input by prompt-injection-protection (enforcer enf-1, request req-9).",
    );
  });
  it("explains an unknown action", () => {
    const error = new AnthalePolicyViolationError("output", {
      enforcerIdentifier: "e",
      action: "quarantine",
    });
    expect(error.message).toContain('unknown action "quarantine"');
  });
  it.each([
    ["unmatched-spans", /1 flagged span was not found in the messages sent/],
    ["span-not-in-message", /1 flagged span was not found in the message the guardrail named/],
    ["malformed-threads", /a data-leakage thread has no usable span/],
    ["other-guardrail", /another guardrail asked for a redaction only the server can apply/],
    ["too-many-spans", /flags more spans than the SDK redacts/],
    ["no-spans", /names no span to hide/],
  ] as const)(
    "says why a redaction could not be applied (%s), never quoting the span",
    (problem, text) => {
      const span = "jane.doe@example.com";
      const thread = {
        category: "email",
        score: 0.9,
        span,
        messageIdentifier: 0,
        contentIdentifier: 0,
      };
      const error = new AnthalePolicyViolationError(
        "input",
        {
          enforcerIdentifier: "e",
          action: "redact",
          redaction: { complete: false, source: "spans", unmatched: [thread], problem },
        } as never,
        "incomplete-redaction",
      );
      expect(error.reason).toBe("incomplete-redaction");
      expect(error.message).toMatch(text);
      expect(error.message).not.toContain(span);
    },
  );
});
