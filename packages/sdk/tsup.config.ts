import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    openai: "src/integrations/openai/index.ts",
    anthropic: "src/integrations/anthropic/index.ts",
    google: "src/integrations/google/index.ts",
    langchain: "src/integrations/langchain/index.ts",
    "ai-sdk": "src/integrations/ai-sdk/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  treeshake: true,
});
