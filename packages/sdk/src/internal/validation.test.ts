import { describe, expect, it } from "vitest";
import { AnthaleValidationError } from "../core/errors.js";
import type { EnforceParams } from "../core/types.js";
import {
  buildEnforceRequest,
  checkMaxRetries,
  checkTimeout,
  validateMetadata,
  validatePolicyIdentifier,
} from "./validation.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";

function failure(run: () => unknown): AnthaleValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AnthaleValidationError);
    return error as AnthaleValidationError;
  }
  throw new Error("expected an AnthaleValidationError");
}

const build = (params: unknown, id: unknown = policyId) =>
  buildEnforceRequest(id, params as EnforceParams);

describe("buildEnforceRequest", () => {
  it("keeps only what the contract accepts and asks for evaluations by default", () => {
    const body = build({
      direction: "input",
      messages: [
        { role: "user", content: "Hi", name: "jane" },
        { role: "assistant", content: [{ type: "text", text: "Hello", extra: 1 }] },
      ],
      metadata: { tenantId: "acme" },
      unknownOption: true,
    });
    expect(body).toEqual({
      direction: "input",
      includeEvaluations: true,
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: [{ type: "text", text: "Hello" }] },
      ],
      metadata: { tenantId: "acme" },
    });
  });

  it("sends includeEvaluations: false when asked", () => {
    expect(
      build({
        direction: "output",
        messages: [{ role: "user", content: "x" }],
        includeEvaluations: false,
      }),
    ).toEqual({
      direction: "output",
      includeEvaluations: false,
      messages: [{ role: "user", content: "x" }],
    });
  });

  it.each([
    [
      "a policy identifier that is not a UUID",
      [{ direction: "input", messages: [] }, "my-policy"],
      "policyIdentifier",
      /UUID/,
    ],
    ["missing params", [undefined], "params", /object/],
    [
      "an unknown direction",
      [{ direction: "sideways", messages: [{ role: "user", content: "x" }] }],
      "direction",
      /"input", "output"/,
    ],
    [
      "messages that are not an array",
      [{ direction: "input", messages: "hello" }],
      "messages",
      /array/,
    ],
    ["no messages", [{ direction: "input", messages: [] }], "messages", /at least one/],
    [
      "a message that is not an object",
      [{ direction: "input", messages: [{ role: "user", content: "x" }, "hello"] }],
      "messages[1]",
      /object/,
    ],
    [
      "an unknown role",
      [
        {
          direction: "input",
          messages: [
            { role: "user", content: "x" },
            { role: "robot", content: "x" },
          ],
        },
      ],
      "messages[1].role",
      /"system", "user", "assistant", "tool".*"robot"/,
    ],
    [
      "content that is neither string nor array",
      [{ direction: "input", messages: [{ role: "user", content: 5 }] }],
      "messages[0].content",
      /string or an array/,
    ],
    [
      "empty content blocks",
      [{ direction: "input", messages: [{ role: "user", content: [] }] }],
      "messages[0].content",
      /at least one block/,
    ],
    [
      "a block of unknown type",
      [{ direction: "input", messages: [{ role: "user", content: [{ type: "pdf", text: "x" }] }] }],
      "messages[0].content[0].type",
      /"text"/,
    ],
    [
      "a text block without text",
      [
        {
          direction: "input",
          messages: [
            { role: "user", content: "a" },
            { role: "user", content: "b" },
            { role: "user", content: [{ type: "text", text: "ok" }, { type: "text" }] },
          ],
        },
      ],
      "messages[2].content[1].text",
      /must be a string/,
    ],
    [
      "includeEvaluations that is not a boolean",
      [
        {
          direction: "input",
          messages: [{ role: "user", content: "x" }],
          includeEvaluations: "yes",
        },
      ],
      "includeEvaluations",
      /true or false/,
    ],
  ])("rejects %s, naming where", (_name, args, path, problem) => {
    const error = failure(() => build(...(args as [unknown, unknown?])));
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.message).toMatch(problem);
  });
});

describe("validatePolicyIdentifier", () => {
  it("accepts a UUID in either case", () => {
    expect(validatePolicyIdentifier(policyId.toUpperCase())).toBe(policyId.toUpperCase());
  });
  it("names the option it checks", () => {
    expect(failure(() => validatePolicyIdentifier(42, "options.policyId")).path).toBe(
      "options.policyId",
    );
  });
});

describe("validateMetadata", () => {
  it("accepts JSON values and objects with toJSON", () => {
    const metadata = { a: 1, b: [true, null, "x"], c: { d: new Date(0) }, e: undefined };
    expect(validateMetadata(metadata)).toBe(metadata);
  });
  it("accepts the same object twice when it is not a cycle", () => {
    const shared = { id: 1 };
    expect(() => validateMetadata({ a: shared, b: shared })).not.toThrow();
  });
  it.each([
    ["a BigInt", { user: { id: 10n } }, "metadata.user.id", /BigInt/],
    ["a function", { callback: () => 1 }, "metadata.callback", /function/],
    ["a symbol", { tags: ["a", Symbol("b")] }, "metadata.tags[1]", /symbol/],
    ["a value that is not an object", ["a"], "metadata", /plain object/],
    ["a class instance", new Map(), "metadata", /plain object/],
  ])("rejects %s, naming the key", (_name, metadata, path, problem) => {
    const error = failure(() => validateMetadata(metadata));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(problem);
  });
  it("rejects a cycle, naming the key", () => {
    const node: Record<string, unknown> = { name: "root" };
    node.child = { parent: node };
    const error = failure(() => validateMetadata(node));
    expect(error.path).toBe("metadata.child.parent");
    expect(error.message).toMatch(/cycle/);
  });
});

describe("checkTimeout and checkMaxRetries", () => {
  it("accept sensible values", () => {
    expect(checkTimeout(1500, "options.timeout")).toBe(1500);
    expect(checkMaxRetries(0, "options.maxRetries")).toBe(0);
  });
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, "10"])("reject timeout %s", (value) => {
    expect(failure(() => checkTimeout(value, "options.timeout")).path).toBe("options.timeout");
  });
  it.each([-1, 1.5, Number.NaN, "2"])("reject maxRetries %s", (value) => {
    expect(failure(() => checkMaxRetries(value, "options.maxRetries")).path).toBe(
      "options.maxRetries",
    );
  });
});

describe("a policy identifier that is not a UUID", () => {
  it("is never quoted back, in case it is a secret pasted in the wrong place", () => {
    const secret = "sk-live-0123456789abcdefghijklmnopqrstuvwxyz";
    const error = failure(() => validatePolicyIdentifier(secret));
    expect(error.message).not.toContain("sk-live");
    expect(error.message).toContain(`a ${secret.length}-character string`);
  });
});
