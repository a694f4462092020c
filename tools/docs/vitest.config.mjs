import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { hookTimeout: 600_000, testTimeout: 300_000, include: ["*.test.mjs"] },
});
