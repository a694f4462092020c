// How the command is built: one ESM file per entry, run by Node through the `anthale` bin.
import { defineConfig } from "tsup";

export default defineConfig({
  entry: { cli: "src/cli.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  tsconfig: "tsconfig.build.json",
  clean: true,
  sourcemap: false,
  banner: { js: "#!/usr/bin/env node" },
});
