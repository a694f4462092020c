import { defineConfig } from "tsup";

export default defineConfig({
  // `contract` is the contract alone (types, enum values, base URL), without openapi-fetch.
  entry: { index: "src/index.ts", contract: "src/contract.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  treeshake: true,
});
