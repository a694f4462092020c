import { describe, expect, it } from "vitest";
import { checkBudgets, integrations } from "./size-budget.mjs";

describe("bundle sizes (esbuild, ESM, minified, gzip)", () => {
  it("stay under their ceilings: the core entry and each integration", async () => {
    const rows = await checkBudgets();
    console.table(rows);
    expect(rows.map((row) => row.entry)).toEqual([
      "@anthale/sdk",
      ...integrations.map((name) => `@anthale/sdk/${name}`),
    ]);
    for (const row of rows) {
      expect(row.gzipped, `${row.entry}: ${row.gzipped} bytes min+gzip`).toBeLessThanOrEqual(
        row.ceiling,
      );
    }
  });
});
