import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["*.test.mjs", "edge/*.test.mjs"], testTimeout: 900_000, hookTimeout: 900_000 },
});
