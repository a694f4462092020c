// The package as built with its own tsup options shares one core across its entries in both
// formats (each class the public entry exports is defined once among the `.cjs` files, and once
// among the `.js` files), and `require("@anthale/sdk")` is the Anthale class carrying every export
// of the ES module, names an ES module importing the CommonJS file finds too.
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build, type Options } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { javascriptBuild, namedExportsOf, writeCommonJsEntry } from "../../tsup.config.js";

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
// Inside the package, so the build's imports of its dependencies resolve as the real dist's do.
const outDir = join(packageRoot, "node_modules", ".cache", `commonjs-entry-${process.pid}`);

/** What the child process reports about the built root entries. */
interface Report {
  isClass: boolean;
  constructs: boolean;
  selfAndDefault: boolean;
  commonJsKeys: string[];
  esmKeys: string[];
  importedCommonJsKeys: string[];
  classes: string[];
}

// Run in a plain Node.js process, so what is checked is the built files as Node.js loads them.
const probe = `
const [commonJsFile, esmFile] = process.argv.slice(1);
(async () => {
  const Anthale = require(commonJsFile);
  const esm = await import(require("node:url").pathToFileURL(esmFile));
  const isClass = (value) =>
    typeof value === "function" && /^class\\b/.test(Function.prototype.toString.call(value));
  process.stdout.write(JSON.stringify({
    isClass: isClass(Anthale),
    constructs: new Anthale({ apiKey: "k" }) instanceof Anthale,
    selfAndDefault: Anthale.Anthale === Anthale && Anthale.default === Anthale,
    commonJsKeys: Object.keys(Anthale).sort(),
    esmKeys: Object.keys(esm).sort(),
    // What an ES module gets when it imports the CommonJS file itself (Node.js reads its names
    // from the file's text).
    importedCommonJsKeys: Object.keys(await import(require("node:url").pathToFileURL(commonJsFile))).sort(),
    classes: Object.keys(esm).filter((key) => key !== "default" && isClass(esm[key])),
  }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

let report: Report;

/** How many times each of `names` is defined as a class in the built files ending in `suffix`. */
async function classDefinitions(names: readonly string[], suffix: string) {
  const files = (await readdir(outDir)).filter((file) => file.endsWith(suffix));
  const code = await Promise.all(files.map((file) => readFile(join(outDir, file), "utf8")));
  return Object.fromEntries(
    names.map((name) => {
      const definition = new RegExp(`(?:\\bvar ${name} = class\\b|\\bclass ${name}\\b)`, "g");
      return [name, code.reduce((count, text) => count + (text.match(definition)?.length ?? 0), 0)];
    }),
  );
}

beforeAll(async () => {
  const options: Options = {
    ...javascriptBuild,
    config: false,
    outDir,
    sourcemap: false,
    silent: true,
    onSuccess: () => writeCommonJsEntry(outDir),
  };
  await mkdir(outDir, { recursive: true });
  await build(options);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["-e", probe, join(outDir, "commonjs.cjs"), join(outDir, "index.js")],
    { cwd: packageRoot },
  );
  report = JSON.parse(stdout);
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe("the built package", () => {
  it("defines each exported class once among the CommonJS files, and once among the ESM files", async () => {
    expect(report.classes).toEqual(
      expect.arrayContaining([
        "Anthale",
        "AnthalePolicyViolationError",
        "APIError",
        "PolicyEnforcer",
      ]),
    );
    const once = Object.fromEntries(report.classes.map((name) => [name, 1]));
    expect(await classDefinitions(report.classes, ".cjs")).toEqual(once);
    expect(await classDefinitions(report.classes, ".js")).toEqual(once);
  });

  it("makes require() of the root entry the Anthale class, carrying every export of the ES module", () => {
    expect(report.isClass).toBe(true);
    expect(report.constructs).toBe(true);
    expect(report.selfAndDefault).toBe(true);
    expect(report.esmKeys).toContain("AnthalePolicyViolationError");
    expect(report.commonJsKeys).toEqual(report.esmKeys);
    expect(report.importedCommonJsKeys).toEqual(report.esmKeys);
  });
});

describe("namedExportsOf", () => {
  it("lists every named export, in order, marking the type-only ones, without default", () => {
    const source = [
      'import { A } from "./a.js";',
      "export { A };",
      "export default A;",
      'export type { T, U as V } from "./t.js";',
      'export { b, type W, c as d } from "./b.js";',
    ].join("\n");
    expect(namedExportsOf(source)).toEqual([
      { name: "A", typeOnly: false },
      { name: "T", typeOnly: true },
      { name: "V", typeOnly: true },
      { name: "W", typeOnly: true },
      { name: "b", typeOnly: false },
      { name: "d", typeOnly: false },
    ]);
  });

  it("refuses exports it cannot list by name", () => {
    expect(() => namedExportsOf('export * from "./a.js";')).toThrow(/export \*/);
    expect(() => namedExportsOf('export * as a from "./a.js";')).toThrow(/export \*/);
    expect(() => namedExportsOf("export const a = 1;")).toThrow(/export by name/);
  });

  it("lists the public entry's exports", async () => {
    const names = namedExportsOf(await readFile(join(packageRoot, "src/index.ts"), "utf8"));
    expect(names).toContainEqual({ name: "Anthale", typeOnly: false });
    expect(names).toContainEqual({ name: "EnforceParams", typeOnly: true });
  });
});
