// The vitest example of the README's "Testing your application" section runs as written: it is
// taken from the README, its imports of the package pointed at the source, and run by vitest in a
// process of its own.
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
// Inside the package, so the example's imports (vitest) resolve as in the package.
const workDir = join(packageRoot, "node_modules", ".cache", `readme-testing-${process.pid}`);

/** The first `ts` code block of the README section titled `title`. */
function exampleOf(readme: string, title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`no "${title}" section`);
  const section = readme.slice(start + 1).split(/\n## /)[0] ?? "";
  const code = /```ts\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!code) throw new Error(`no ts example in "${title}"`);
  return code;
}

let example: string;

beforeAll(async () => {
  const readme = await readFile(join(packageRoot, "README.md"), "utf8");
  example = exampleOf(readme, "Testing your application");
  const source = (path: string) => JSON.stringify(join(packageRoot, path));
  const runnable = example
    .replace(/"@anthale\/sdk\/testing"/g, source("src/testing/index.ts"))
    .replace(/"@anthale\/sdk"/g, source("src/index.ts"));
  await mkdir(workDir, { recursive: true });
  await writeFile(join(workDir, "guard.test.ts"), runnable);
  await writeFile(
    join(workDir, "vitest.config.mjs"),
    'export default { test: { include: ["guard.test.ts"] } };\n',
  );
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("the README's testing example", () => {
  it("imports the package by its public names only", () => {
    const imports = [...example.matchAll(/from "([^"]+)"/g)].map((match) => match[1]);
    expect(imports.sort()).toEqual(["@anthale/sdk", "@anthale/sdk/testing", "vitest"]);
  });

  it("passes under vitest, every test of it", async () => {
    const packageJson = createRequire(import.meta.url).resolve("vitest/package.json");
    const vitest = join(dirname(packageJson), "vitest.mjs");
    const { stdout } = await run(
      process.execPath,
      [
        vitest,
        "run",
        "--root",
        workDir,
        "--config",
        join(workDir, "vitest.config.mjs"),
        "--reporter=json",
      ],
      { cwd: workDir, env: { ...process.env, NODE_OPTIONS: "" } },
    );
    const report = JSON.parse(stdout) as { numPassedTests: number; numFailedTests: number };
    expect({ passed: report.numPassedTests, failed: report.numFailedTests }).toEqual({
      passed: 3,
      failed: 0,
    });
  }, 120_000);
});
