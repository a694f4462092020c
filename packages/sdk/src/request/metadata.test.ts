import { describe, expect, it } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import { mergeMetadata } from "./metadata.js";

const secret = "sk-live-DO-NOT-PRINT-4f2a";

function failure(run: () => unknown): AnthaleValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AnthaleValidationError);
    return error as AnthaleValidationError;
  }
  throw new Error("expected an AnthaleValidationError");
}

describe("mergeMetadata", () => {
  it("merges the call's metadata over the enforcer's, as checked copies", () => {
    const enforcer = { tenant: "acme", day: new Date(0) };
    const merged = mergeMetadata(enforcer, { tenant: "other", user: "u1" });
    expect(merged).toStrictEqual({ tenant: "other", day: "1970-01-01T00:00:00.000Z", user: "u1" });
    expect(mergeMetadata(undefined, undefined)).toBeUndefined();
    expect(mergeMetadata(undefined, { a: 1 })).toStrictEqual({ a: 1 });
  });

  it("refuses what a spread would silently turn into {} or throw on, naming which metadata", () => {
    expect(failure(() => mergeMetadata(new Map(), undefined)).path).toBe("options.metadata");
    expect(failure(() => mergeMetadata({}, new Set())).path).toBe("metadata");
    const throwing = Object.defineProperty({}, "user", {
      enumerable: true,
      get() {
        throw new TypeError(`boom ${secret}`);
      },
    });
    const error = failure(() => mergeMetadata(undefined, throwing));
    expect(error.path).toBe("metadata.user");
    expect(error.message).not.toContain(secret);
  });
});
