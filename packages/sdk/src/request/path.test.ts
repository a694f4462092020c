import { describe, expect, expectTypeOf, it } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import { fillPath, type PathParameterName } from "./path.js";

function failure(run: () => unknown): AnthaleValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AnthaleValidationError);
    return error as AnthaleValidationError;
  }
  throw new Error("expected an AnthaleValidationError");
}

describe("fillPath", () => {
  it("fills every parameter, in place, each one encoded", () => {
    expect(fillPath("/a/{first}/b/{second}", { first: "x/y?z#w", second: "é %" })).toBe(
      "/a/x%2Fy%3Fz%23w/b/%C3%A9%20%25",
    );
    expect(
      fillPath("/organizations/policies/{policy_identifier}/enforce", {
        policy_identifier: "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44",
      }),
    ).toBe("/organizations/policies/5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44/enforce");
  });

  it("never lets a value leave its segment: the URL keeps the template's path", () => {
    for (const value of ["../../admin", "a/../../b", "x?admin=1", "#top", "%2e%2e", "\\..\\x"]) {
      const url = new URL(`https://api.anthale.test${fillPath("/p/{id}/enforce", { id: value })}`);
      expect(url.pathname.split("/")).toHaveLength(4);
      expect(url.pathname.startsWith("/p/")).toBe(true);
      expect(url.pathname.endsWith("/enforce")).toBe(true);
      expect(url.search).toBe("");
      expect(url.hash).toBe("");
    }
  });

  it.each([
    ["an empty value", ""],
    ["a dot segment", "."],
    ["a double-dot segment", ".."],
  ])("refuses %s, which would change the path, naming the parameter", (_name, value) => {
    const error = failure(() => fillPath("/p/{id}/enforce", { id: value }));
    expect(error.path).toBe("id");
  });

  it("refuses a parameter that is missing, or only inherited, all the same", () => {
    const untyped: Readonly<Record<string, string>> = {};
    expect(failure(() => fillPath("/p/{id}", untyped as { id: string })).path).toBe("id");
    expect(
      failure(() => fillPath("/p/{constructor}", untyped as { constructor: string })).path,
    ).toBe("constructor");
  });

  it("requires, at compile time, a value for every parameter and no other", () => {
    expectTypeOf<PathParameterName<"/a/{first}/b/{second}">>().toEqualTypeOf<"first" | "second">();
    expectTypeOf<PathParameterName<"/a/b">>().toEqualTypeOf<never>();
    // @ts-expect-error a parameter is missing
    expect(() => fillPath("/a/{first}/b/{second}", { first: "x" })).toThrow();
    // @ts-expect-error a parameter the template does not name
    expect(fillPath("/a/{first}", { first: "x", other: "y" })).toBe("/a/x");
  });
});
