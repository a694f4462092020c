// `pnpm docs` builds the API reference of @anthale/client and @anthale/sdk with the root
// typedoc.json, which turns a missing doc comment on any export into an error.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const typedoc = fileURLToPath(new URL("./node_modules/typedoc/bin/typedoc", import.meta.url));
const fixture = fileURLToPath(new URL("./fixture-undocumented/", import.meta.url));
let out;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "anthale-docs-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const typedocRun = (args, cwd) =>
  run(process.execPath, [typedoc, ...args], { cwd, maxBuffer: 32 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ ok: true, output: stdout + stderr }),
    (error) => ({ ok: false, output: `${error.stdout}${error.stderr}` }),
  );

describe("the API reference", () => {
  it("builds for both packages with every export documented", async () => {
    const result = await typedocRun(["--out", join(out, "site")], root);
    expect(result.output).not.toMatch(/\[warning\]|\[error\]/);
    expect(result.ok).toBe(true);
    const index = await readFile(join(out, "site", "index.html"), "utf8");
    expect(index).toContain("@anthale/sdk");
    expect(index).toContain("@anthale/client");
    const modules = await readdir(join(out, "site", "modules"));
    for (const integration of ["openai", "anthropic", "google", "langchain", "ai-sdk"]) {
      expect(modules).toContain(`_anthale_sdk.integrations_${integration}.html`);
    }
  }, 180_000);

  it("fails on an exported symbol without a doc comment", async () => {
    const result = await typedocRun(
      [
        "--options",
        join(root, "typedoc.json"),
        "--entryPointStrategy",
        "resolve",
        "--entryPoints",
        join(fixture, "src/index.ts"),
        "--tsconfig",
        join(fixture, "tsconfig.json"),
        "--out",
        join(out, "fixture"),
      ],
      fixture,
    );
    expect(result.output).toContain("undocumented");
    expect(result.output).toMatch(/does not have any documentation/);
    expect(result.ok).toBe(false);
  }, 120_000);
});
