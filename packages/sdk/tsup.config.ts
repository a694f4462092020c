// How the package is built: every entry in ESM and CommonJS, both formats split into shared chunks
// so the core (the client, the error classes, the policy enforcer) is defined once per format and
// an integration's errors and checks are the root entry's own; then the CommonJS root entry,
// written by `writeCommonJsEntry`, makes `require("@anthale/sdk")` the Anthale class itself.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { defineConfig, type Options } from "tsup";
import ts from "typescript";

/** The source of the public entry, whose exports the CommonJS root entry carries. */
const publicEntry = "src/index.ts";

/** One named export of the public entry. */
interface NamedExport {
  /** The name it is exported as. */
  name: string;
  /** Whether it is exported as a type only (`export type { ... }`, `export { type ... }`). */
  typeOnly: boolean;
}

/**
 * The named exports of `source` (the public entry's text), by name, `default` excepted. The public
 * entry only re-exports, by name (`export { a, type B } from "..."`): any other export statement,
 * such as `export *`, would hide names from the CommonJS entry's types, so it fails the build.
 */
export function namedExportsOf(source: string): NamedExport[] {
  const file = ts.createSourceFile(publicEntry, source, ts.ScriptTarget.Latest);
  const exports = new Map<string, NamedExport>();
  for (const statement of file.statements) {
    if (ts.isExportAssignment(statement)) continue;
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) {
        throw new Error(`${publicEntry}: "export *" hides names from the CommonJS entry`);
      }
      for (const element of statement.exportClause.elements) {
        const name = element.name.text;
        const typeOnly = statement.isTypeOnly || element.isTypeOnly;
        if (name !== "default") exports.set(name, { name, typeOnly });
      }
    } else if (
      ts.canHaveModifiers(statement) &&
      ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      throw new Error(
        `${publicEntry}: export by name (export { ... }), the CommonJS entry lists them`,
      );
    }
  }
  return [...exports.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * The CommonJS root entry: the Anthale class, with each value export of `./index.cjs` (and
 * `default`) set on it, one `module.exports.name =` line each, so that the names are also found by
 * the runtimes that read a CommonJS file's exports from its text when an ES module imports it.
 */
function commonJsEntry(exports: readonly NamedExport[]): string {
  const values = exports.filter(({ typeOnly }) => !typeOnly).map(({ name }) => name);
  const members = [...values, "default"]
    .map((name) => `module.exports.${name} = sdk.${name};`)
    .join("\n");
  return `"use strict";
// require("@anthale/sdk"): the Anthale class itself, so \`new (require("@anthale/sdk"))()\` works,
// carrying every named export of the package (and \`default\`) as a property, so
// \`const { Anthale, APIError } = require("@anthale/sdk")\` works too. The classes are those of the
// shared chunks every CommonJS entry (the integrations included) loads. Written by the build from
// ${publicEntry}.
const sdk = require("./index.cjs");
module.exports = sdk.Anthale;
${members}
`;
}

/**
 * The types of the CommonJS root entry: `export =` of the class, merged with a namespace holding
 * each named export (an alias of a value, a type alias of a type-only export).
 */
function commonJsEntryTypes(exports: readonly NamedExport[]): string {
  const members = exports
    .map(({ name, typeOnly }) =>
      typeOnly ? `  export type ${name} = sdk.${name};` : `  export import ${name} = sdk.${name};`,
    )
    .join("\n");
  return `// The types of require("@anthale/sdk"): the Anthale class, merged with a namespace holding
// every named export of the package (written by the build from ${publicEntry}).
import * as sdk from "./index.cjs";

declare class Anthale extends sdk.Anthale {}
declare namespace Anthale {
${members}
}
export = Anthale;
`;
}

/**
 * Writes the CommonJS root entry into `outDir`: `commonjs.cjs`, which loads the CommonJS build of
 * the public entry (`index.cjs`) and exports its Anthale class with every named export on it, and
 * its types `commonjs.d.cts`. Neither file has a name tsup writes, so the declaration build
 * running alongside never overwrites them.
 */
export async function writeCommonJsEntry(outDir: string): Promise<void> {
  const exports = namedExportsOf(await readFile(publicEntry, "utf8"));
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, "commonjs.cjs"), commonJsEntry(exports));
  await writeFile(join(outDir, "commonjs.d.cts"), commonJsEntryTypes(exports));
}

/**
 * The package's entries: the public entry, one per framework integration, and the testing kit
 * (`@anthale/sdk/testing`).
 */
const entry = {
  index: publicEntry,
  openai: "src/integrations/openai/index.ts",
  anthropic: "src/integrations/anthropic/index.ts",
  google: "src/integrations/google/index.ts",
  langchain: "src/integrations/langchain/index.ts",
  "ai-sdk": "src/integrations/ai-sdk/index.ts",
  testing: "src/testing/index.ts",
};

/**
 * The JavaScript of every entry, ESM and CommonJS, then the CommonJS root entry. It empties `dist`
 * first, before the declarations (built alongside, and far slower) write anything there.
 */
export const javascriptBuild: Options = {
  entry,
  format: ["esm", "cjs"],
  // Shared chunks in CommonJS too (ESM has them by default): without them each `.cjs` entry
  // carries its own copy of the core, and an integration's errors fail `instanceof` against the
  // root entry's classes.
  splitting: true,
  clean: true,
  // No source maps: the published JavaScript is unminified and keeps the module comments, so a
  // stack trace already points at readable code; maps would double the tarball for no gain.
  sourcemap: false,
  target: "es2022",
  treeshake: true,
  onSuccess: () => writeCommonJsEntry("dist"),
};

/**
 * The declarations of every entry (`.d.ts` and `.d.cts`). Built apart so that their clean-up never
 * removes the CommonJS root entry's types, which `javascriptBuild` writes.
 */
const declarationsBuild: Options = {
  entry,
  format: ["esm", "cjs"],
  dts: { only: true },
  clean: false,
  target: "es2022",
};

export default defineConfig([javascriptBuild, declarationsBuild]);
