import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Prism for the contract tests; Chromium for the report's browser test (installed if missing).
    globalSetup: ["./test/setup/prism.ts", "./test/setup/chromium.ts"],
    // Installing Chromium on a fresh machine takes a few minutes.
    hookTimeout: 900_000,
    // Guards against a hang, not speed targets (those are in `pnpm bench`).
    testTimeout: 300_000,
  },
});
