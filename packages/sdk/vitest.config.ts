import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./test/setup/prism.ts"],
    // Guards against a hang, not speed targets (those are in `pnpm bench`): the property tests run
    // thousands of cases and must pass on a shared 2-core machine busy with other work.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
