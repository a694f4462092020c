import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractPath, generatedPath, generateTypes } from "./generate.mjs";

const run = promisify(execFile);
const cli = new URL("./cli.mjs", import.meta.url).pathname;
let folder;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "anthale-codegen-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function contractWith(change) {
  const path = join(folder, `contract-${Math.random().toString(36).slice(2)}.yaml`);
  const source = await readFile(contractPath, "utf8");
  const changed = change(source);
  expect(changed).not.toBe(source);
  await writeFile(path, changed);
  return path;
}

describe("generated client types", () => {
  it("are committed exactly as the contract generates them", async () => {
    expect(await readFile(generatedPath, "utf8")).toBe(await generateTypes());
  });

  it("carry a do-not-edit header", async () => {
    expect(await generateTypes()).toMatch(
      /^\/\/ This file is generated from openapi\/anthale\.yaml/,
    );
  });

  it("change when a schema changes", async () => {
    const path = await contractWith((source) =>
      source.replace("        - tool\n", "        - tool\n        - developer\n"),
    );
    expect(await generateTypes(path)).toContain('"developer"');
  });
});

describe("anthale-codegen check", () => {
  it("passes on the committed contract", async () => {
    const { stdout } = await run(process.execPath, [cli, "check"]);
    expect(stdout).toContain("up to date");
  });

  it("fails when the contract changed without regenerating", async () => {
    const path = await contractWith((source) =>
      source.replace(
        "        text:\n          type: string\n          description: Text of the block.",
        "        text:\n          type: integer\n          description: Text of the block.",
      ),
    );
    const failure = await run(process.execPath, [cli, "check", "--contract", path]).catch(
      (error) => error,
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain("out of date");
    expect(failure.stderr).toContain("pnpm generate");
  });
});
