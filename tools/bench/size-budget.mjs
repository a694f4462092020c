// Bundle-size budgets, measured the way an application's bundler sees the SDK: esbuild, ESM,
// minified, then gzip (level 9). A kB is 1,024 bytes here.
// - The core entry (`export * from "@anthale/sdk"`, built) with its dependencies bundled:
//   ≤ 6.5 kB min+gzip.
// - Each integration entry (from source), with its framework and the core left external (an app
//   using an integration pays for the core once, whatever it guards): ≤ 4 kB min+gzip. The
//   integrations' shared modules count in every integration that uses them.
// `pnpm bench` marks each budget PASS or FAIL; `pnpm test` holds each entry to its ceiling.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The folder of the integrations' sources. */
export const integrationsFolder = fileURLToPath(
  new URL("../../packages/sdk/src/integrations/", import.meta.url),
);

/** Target budgets in bytes of min+gzip (the benchmark marks each PASS or FAIL). */
const coreBudget = 6.5 * 1024;
const integrationBudget = 4 * 1024;

/**
 * Ceilings in bytes of min+gzip that `pnpm test` enforces so the bundles never grow unnoticed:
 * today's sizes plus about 2% of room, set after the clarity work (per-attempt abort and timer,
 * plain error classes, contract-generated enum lists, one adapter shape for the integrations,
 * signals passed to every check), then raised by 200 bytes for each integration when guarded
 * streams came to start sooner (growing windows, the `firstWindowSize` option, no repeated final
 * check: about 200 bytes of shared stream code), and the core raised by 1,900 bytes when enforce
 * calls became OpenTelemetry spans. Lower them as the bundles shrink.
 */
const ceilings = {
  core: 18_500,
  openai: 8_100,
  anthropic: 7_200,
  google: 6_300,
  langchain: 7_300,
  "ai-sdk": 6_900,
};

/** The integration entries, by subpath. */
export const integrations = ["openai", "anthropic", "google", "langchain", "ai-sdk"];

/** How every entry is bundled: esbuild, ESM, minified, for any runtime. */
export const bundleOptions = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  conditions: ["import"],
  target: "es2022",
  write: false,
  logLevel: "silent",
};

function sizes(result) {
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

/** The built core entry with everything it imports. */
export async function coreSize() {
  return sizes(
    await build({
      ...bundleOptions,
      stdin: {
        contents: 'export * from "@anthale/sdk";',
        resolveDir: dirname(fileURLToPath(import.meta.url)),
        loader: "js",
      },
    }),
  );
}

/**
 * An esbuild plugin that keeps inside the bundle only the modules under src/integrations/; bare
 * specifiers (the frameworks) and the SDK's core modules stay external.
 */
export const integrationOnly = {
  name: "integration-only",
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      if (!args.path.startsWith(".")) return { path: args.path, external: true };
      const target = resolve(args.resolveDir, args.path);
      return target.startsWith(integrationsFolder)
        ? undefined
        : { path: args.path, external: true };
    });
  },
};

/** One integration's own code, framework and core external. */
export async function integrationSize(name) {
  return sizes(
    await build({
      ...bundleOptions,
      entryPoints: [resolve(integrationsFolder, name, "index.ts")],
      plugins: [integrationOnly],
    }),
  );
}

/** Every budget; each row is `{ entry, limit, ceiling, minified, gzipped, pass }`. */
export async function checkBudgets() {
  const rows = [];
  const core = await coreSize();
  rows.push({
    entry: "@anthale/sdk",
    limit: coreBudget,
    ceiling: ceilings.core,
    ...core,
    pass: core.gzipped <= coreBudget,
  });
  for (const name of integrations) {
    const size = await integrationSize(name);
    rows.push({
      entry: `@anthale/sdk/${name}`,
      limit: integrationBudget,
      ceiling: ceilings[name],
      ...size,
      pass: size.gzipped <= integrationBudget,
    });
  }
  return rows;
}
