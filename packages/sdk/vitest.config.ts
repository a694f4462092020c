import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./test/setup/prism.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
