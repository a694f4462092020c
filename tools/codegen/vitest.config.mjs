import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["*.test.mjs"], hookTimeout: 600_000, testTimeout: 300_000 },
});
