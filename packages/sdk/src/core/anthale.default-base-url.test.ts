// The client's default base URL is @anthale/client's DEFAULT_BASE_URL, defined there only.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Anthale } from "./anthale.js";

vi.mock("@anthale/client/contract", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@anthale/client/contract")>()),
  DEFAULT_BASE_URL: "https://api.anthale.example",
}));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("new Anthale() without a base URL", () => {
  it("uses DEFAULT_BASE_URL from @anthale/client", () => {
    vi.stubEnv("ANTHALE_BASE_URL", "");
    expect(new Anthale({ apiKey: "k" }).baseURL).toBe("https://api.anthale.example");
  });
});
