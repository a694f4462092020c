import { defineConfig } from "vitest/config";

export default defineConfig({
  // Hang guards, not speed targets: generous, so the tests pass on a busy shared machine.
  test: { testTimeout: 300_000, hookTimeout: 600_000 },
});
