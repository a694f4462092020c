import { defineConfig } from "tsup";

export default defineConfig({
  // `contract` is the contract alone (types, enum values, base URL), without openapi-fetch.
  entry: { index: "src/index.ts", contract: "src/contract.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  // No source maps: the published JavaScript is unminified and readable as it is.
  sourcemap: false,
  target: "es2022",
  treeshake: true,
});
