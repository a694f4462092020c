// Bundle-size budgets: each entry is bundled with esbuild (ESM, minified) with its dependencies
// included and its framework left external, then gzipped.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** Budgets in bytes of min+gzip, by entry (a package specifier). */
export const budgets = [{ entry: "@anthale/sdk", limit: 4 * 1024, external: [] }];

/** Bundles one entry; resolves to `{ minified, gzipped }` sizes in bytes. */
export async function bundleSize(entry, external = []) {
  const result = await build({
    stdin: {
      contents: `export * from ${JSON.stringify(entry)};`,
      resolveDir: import.meta.dirname,
      loader: "js",
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["import"],
    target: "es2022",
    external,
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

/** Measures every budget; each row is `{ entry, limit, minified, gzipped, pass }`. */
export async function checkBudgets() {
  const rows = [];
  for (const { entry, limit, external } of budgets) {
    const size = await bundleSize(entry, external);
    rows.push({ entry, limit, ...size, pass: size.gzipped <= limit });
  }
  return rows;
}
