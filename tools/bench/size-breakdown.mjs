#!/usr/bin/env node
// Where the bytes of an entry go: the core entry (or, given its name, an integration entry) bundled
// as in size-budget.mjs, taken apart module by module. Run `node tools/bench/size-breakdown.mjs`
// (or `... size-breakdown.mjs openai`).
//
// The entry is bundled from source with its identifiers and syntax minified but its whitespace
// kept, so that esbuild marks where each module's code starts (a `// path` line); each module's
// code is then minified whole on its own. For each module and each folder (layer) it prints:
// - minified: its bytes in the minified bundle;
// - gzip alone: its minified code gzipped on its own (what it would weigh as a bundle of its own);
// - in the whole: what it adds to the gzipped bundle, the bundle's gzip minus the gzip of the
//   bundle without it (the bundle's other modules already hold much of what it repeats).
// The sum of "in the whole" is less than the whole, since what several modules share is counted
// in none of them. Beside the total are printed the same source minified in one go, and the
// entry's figure as size-budget.mjs measures it (the core entry from the built package, so as
// of the last build).
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";
import {
  bundleOptions,
  coreSize,
  integrationOnly,
  integrationSize,
  integrations,
  integrationsFolder,
} from "./size-budget.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const sdkSource = resolve(root, "packages/sdk/src");

/** The layers of the SDK's source, lowest first, then what is not the SDK's own code. */
const layerOrder = [
  "base",
  "checks",
  "support",
  "request",
  "transport",
  "redaction",
  "core",
  "integrations",
  "index.ts",
];

const gzipLength = (code) => gzipSync(code, { level: 9 }).length;

/**
 * The folder (layer) a module's path belongs to (for an integration, its own folder under
 * integrations/), or its package outside the SDK.
 */
function layerOf(path) {
  if (path.startsWith("packages/sdk/src/integrations/"))
    return path.split("/").slice(3, 5).join("/");
  if (path.startsWith("packages/sdk/src/")) return path.split("/")[3];
  if (path.startsWith("packages/client/")) return "@anthale/client";
  const inModules = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return inModules ? inModules[1] : path;
}

/**
 * `source` (a piece of the bundle) with its whitespace minified. The export statement names
 * bindings declared in other pieces, which esbuild refuses alone: its list is tightened by hand.
 */
async function minifyWhitespace(path, source) {
  if (path === "(export statement)") {
    return source
      .replace(/\s*([{},;])\s*/g, "$1")
      .replace(/\s+/g, " ")
      .trim();
  }
  const { code } = await transform(source, { loader: "js", minifyWhitespace: true });
  return code.trim();
}

/**
 * The bundle's code cut at each module's start. Resolves to `[{ path, code }]` in bundle order:
 * esbuild's own helpers (if any) first, then one piece per module, then the entry's export
 * statement.
 */
async function modulePieces(entry) {
  const result = await build({
    ...bundleOptions,
    ...entry,
    minify: false,
    minifyIdentifiers: true,
    minifySyntax: true,
    metafile: true,
    absWorkingDir: root,
  });
  const modules = new Set(Object.keys(result.metafile.inputs));
  const pieces = [{ path: "(esbuild helpers)", lines: [] }];
  for (const line of result.outputFiles[0].text.split("\n")) {
    const marked = line.startsWith("// ") && modules.has(line.slice(3));
    if (marked) pieces.push({ path: line.slice(3), lines: [] });
    else pieces.at(-1).lines.push(line);
  }
  // The entry's export statement closes the last piece; it belongs to no module.
  const last = pieces.at(-1);
  const exportAt = last.lines.findLastIndex((line) => line.startsWith("export {"));
  if (exportAt >= 0) {
    pieces.push({ path: "(export statement)", lines: last.lines.splice(exportAt) });
  }
  const minified = [];
  for (const { path, lines } of pieces) {
    const source = lines.join("\n");
    if (source.trim() === "") continue;
    minified.push({ path, code: await minifyWhitespace(path, source) });
  }
  return minified;
}

/** Rows of `{ name, minified, alone, inWhole }` for `groups` (each a name and its pieces). */
function measure(groups, pieces) {
  const whole = gzipLength(pieces.map((piece) => piece.code).join("\n"));
  return groups.map(({ name, members }) => {
    const code = members.map((piece) => piece.code).join("\n");
    const rest = pieces.filter((piece) => !members.includes(piece));
    return {
      name,
      minified: Buffer.byteLength(code),
      alone: gzipLength(code),
      inWhole: whole - gzipLength(rest.map((piece) => piece.code).join("\n")),
    };
  });
}

/** The breakdown of the core entry (`"core"`) or of one integration entry, by module and by layer. */
export async function sizeBreakdown(name = "core") {
  const entry =
    name === "core"
      ? { entryPoints: [resolve(sdkSource, "index.ts")] }
      : {
          entryPoints: [resolve(integrationsFolder, name, "index.ts")],
          plugins: [integrationOnly],
        };
  const pieces = (await modulePieces(entry)).map((piece) => ({
    ...piece,
    name: piece.path.startsWith("packages/sdk/src/")
      ? relative("packages/sdk/src", piece.path)
      : piece.path,
    layer: layerOf(piece.path),
  }));
  const rank = (layer) => {
    const index = layerOrder.indexOf(layer.split("/")[0]);
    return index === -1 ? layerOrder.length : index;
  };
  const ordered = [...pieces].sort((a, b) => rank(a.layer) - rank(b.layer));
  // esbuild may place a module's code in more than one piece: each module is counted as one.
  const names = [...new Set(ordered.map((piece) => piece.name))];
  const layers = [...new Set(ordered.map((piece) => piece.layer))];
  const all = pieces.map((piece) => piece.code).join("\n");
  const oneGo = (await build({ ...bundleOptions, ...entry, absWorkingDir: root })).outputFiles[0]
    .contents;
  const built = name === "core" ? await coreSize() : await integrationSize(name);
  return {
    entry: name,
    modules: measure(
      names.map((module) => ({
        name: module,
        members: pieces.filter((piece) => piece.name === module),
      })),
      pieces,
    ),
    layers: measure(
      layers.map((layer) => ({
        name: layer,
        members: pieces.filter((piece) => piece.layer === layer),
      })),
      pieces,
    ),
    total: { minified: Buffer.byteLength(all), gzipped: gzipLength(all) },
    oneGo: { minified: oneGo.length, gzipped: gzipLength(oneGo) },
    built,
  };
}

function printTable(header, rows) {
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => String(row[column]).length)),
  );
  const line = (row) =>
    `| ${row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2] ?? "core";
  if (name !== "core" && !integrations.includes(name)) {
    console.error(`Unknown entry ${name}: give "core" or one of ${integrations.join(", ")}.`);
    process.exit(1);
  }
  const { modules, layers, total, oneGo, built } = await sizeBreakdown(name);
  const header = ["minified B", "gzip alone B", "in the whole B"];
  const cells = ({ name: label, minified, alone, inWhole }) => [label, minified, alone, inWhole];
  const title = name === "core" ? "@anthale/sdk" : `@anthale/sdk/${name}`;
  console.log(`${title}: min+gzip by module (esbuild, ESM, minified; gzip level 9)\n`);
  printTable(["module", ...header], modules.map(cells));
  console.log();
  printTable(["layer", ...header], layers.map(cells));
  console.log();
  const figures = ({ minified, gzipped }) => `${minified} B minified, ${gzipped} B min+gzip`;
  console.log(`All the pieces above: ${figures(total)}.`);
  console.log(`The same source bundled and minified in one go: ${figures(oneGo)}.`);
  console.log(
    `The entry as size-budget.mjs measures it (${name === "core" ? "the built package, as last built" : "from source"}): ${figures(built)}.`,
  );
}
