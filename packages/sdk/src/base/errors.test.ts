import { describe, expect, it } from "vitest";
import * as errors from "./errors.js";
import {
  AnthaleError,
  AnthalePolicyViolationError,
  AnthaleValidationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  RateLimitError,
  readErrorEnvelope,
} from "./errors.js";

const body = {
  error: {
    title: "Nope",
    machineCode: "NopeCode",
    message: "It did not work.",
    details: { field: "x" },
  },
};

describe("APIError", () => {
  it("keeps the response's parts and reads the error body's fields", () => {
    const error = new APIError("m", { status: 400, headers: { "request-id": "req-1" }, body });
    expect(error).toBeInstanceOf(AnthaleError);
    expect(error).toMatchObject({
      status: 400,
      headers: { "request-id": "req-1" },
      requestId: "req-1",
      title: "Nope",
      machineCode: "NopeCode",
      details: { field: "x" },
      body,
    });
  });

  it("leaves out an error body's fields of the wrong type", () => {
    const odd = { error: { title: 7, machineCode: ["x"], message: {}, details: ["not", "a map"] } };
    const error = new APIError("m", { status: 400, body: odd });
    expect(error.title).toBeUndefined();
    expect(error.machineCode).toBeUndefined();
    expect(error.details).toBeUndefined();
    expect(error.body).toBe(odd);
    expect(new APIError("m", { body: { error: { details: null } } }).details).toBeNull();
    expect(new APIError("m", { body: ["error"] }).title).toBeUndefined();
  });

  it("reads nothing from a body that is not an error envelope", () => {
    for (const text of ["plain text", null, 42, { error: "a string" }]) {
      expect(readErrorEnvelope(text)).toEqual({});
    }
    expect(readErrorEnvelope(body)).toEqual(body.error);
  });

  it("sets a cause only when one is given", () => {
    expect("cause" in new APIError("m")).toBe(false);
    const cause = new Error("under");
    expect(new APIError("m", { cause }).cause).toBe(cause);
  });
});

describe("RateLimitError", () => {
  it("carries the wait it is given, in seconds, and reads no header itself", () => {
    expect(new RateLimitError("m", { status: 429, retryAfter: 7 }).retryAfter).toBe(7);
    const fromHeader = new RateLimitError("m", { status: 429, headers: { "retry-after": "7" } });
    expect(fromHeader.retryAfter).toBeUndefined();
    expect(fromHeader.headers["retry-after"]).toBe("7");
  });
});

describe("the error classes", () => {
  it("are named as they are exported, on the class and on each error", () => {
    const classes = Object.entries(errors).filter(
      (entry): entry is [string, typeof AnthaleError] =>
        typeof entry[1] === "function" &&
        (entry[1] === AnthaleError || entry[1].prototype instanceof AnthaleError),
    );
    expect(classes).toHaveLength(18);
    for (const [exported, ErrorClass] of classes) {
      expect(ErrorClass.name).toBe(exported);
      const error = Reflect.construct(ErrorClass, ["input", { action: "block" }]);
      expect(error.name).toBe(exported);
      expect(String(error)).toMatch(new RegExp(`^${exported}: `));
    }
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
  it("keeps the result out of what logging the error prints, and read-only", () => {
    const result = { enforcerIdentifier: "e", action: "block", evaluations: [] };
    const error = new AnthalePolicyViolationError("input", result);
    expect(Object.keys(error)).not.toContain("result");
    expect(JSON.stringify(error)).not.toContain("evaluations");
    expect(() => {
      (error as { result: unknown }).result = {};
    }).toThrow(TypeError);
    expect(error.result).toBe(result);
  });

  it.each([
    ["block", "blocked"],
    ["redact", "incomplete-redaction"],
    ["quarantine", "unknown-action"],
  ] as const)("on %s, defaults to the reason %s", (action, reason) => {
    expect(
      new AnthalePolicyViolationError("input", { enforcerIdentifier: "e", action }).reason,
    ).toBe(reason);
  });

  it("names the guardrails that asked for a redaction, reading evaluations warily", () => {
    const error = new AnthalePolicyViolationError("output", {
      enforcerIdentifier: "e",
      action: "redact",
      evaluations: [
        null,
        "junk",
        { guardrailKey: "data-leakage-protection", action: "redact" },
        { guardrailKey: 7, action: "redact" },
        { guardrailKey: "content-moderation", action: "allow" },
      ],
    } as never);
    expect(error.message).toBe(
      "The Anthale policy asked to redact the output (data-leakage-protection), but the redaction could not be applied: the result names no span to hide (enforcer e).",
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
