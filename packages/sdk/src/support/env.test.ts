import { afterEach, describe, expect, it, vi } from "vitest";
import { readEnv } from "./env.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("readEnv", () => {
  it("reads a variable, trimmed", () => {
    vi.stubEnv("ANTHALE_TEST_VALUE", "  value ");
    expect(readEnv("ANTHALE_TEST_VALUE")).toBe("value");
  });
  it("treats blank as unset", () => {
    vi.stubEnv("ANTHALE_TEST_VALUE", "   ");
    expect(readEnv("ANTHALE_TEST_VALUE")).toBeUndefined();
    expect(readEnv("ANTHALE_TEST_MISSING")).toBeUndefined();
  });
});
