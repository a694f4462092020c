import { describe, expect, it } from "vitest";
import { AnthaleValidationError } from "../../base/errors.js";
import { checkGuardOptions, defaultFirstWindowSize, defaultWindowSize } from "./options.js";

const policyId = "00000000-0000-4000-8000-000000000001";

/** The error `checkGuardOptions` throws for `options`, or `undefined`. */
function errorOf(options: Record<string, unknown>): AnthaleValidationError | undefined {
  try {
    checkGuardOptions({ policyId, ...options });
  } catch (error) {
    if (error instanceof AnthaleValidationError) return error;
    throw error;
  }
  return undefined;
}

describe("checkGuardOptions: the window sizes", () => {
  it("starts with windows of 32 characters, growing to 200, when neither is given", () => {
    const settings = checkGuardOptions({ policyId });
    expect([settings.firstWindowSize, settings.windowSize]).toEqual([32, 200]);
    expect([defaultFirstWindowSize, defaultWindowSize]).toEqual([32, 200]);
  });

  it("takes a first window up to windowSize, and clamps the default one to it", () => {
    expect(checkGuardOptions({ policyId, firstWindowSize: 100 }).firstWindowSize).toBe(100);
    expect(checkGuardOptions({ policyId, firstWindowSize: 200 }).firstWindowSize).toBe(200);
    const small = checkGuardOptions({ policyId, windowSize: 8 });
    expect([small.firstWindowSize, small.windowSize]).toEqual([8, 8]);
  });

  it("rejects a first window that is not a positive whole number, or is over windowSize", () => {
    for (const firstWindowSize of [0, -1, 2.5, "32", Number.NaN, 2 ** 60]) {
      expect(errorOf({ firstWindowSize })?.path, String(firstWindowSize)).toBe(
        "options.firstWindowSize",
      );
    }
    const tooLarge = errorOf({ windowSize: 100, firstWindowSize: 101 });
    expect(tooLarge?.path).toBe("options.firstWindowSize");
    expect(tooLarge?.message).toContain("windowSize (100)");
    expect(errorOf({ windowSize: 0, firstWindowSize: 1 })?.path).toBe("options.windowSize");
  });
});
