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

  it("list every enum's values at run time, each documented", async () => {
    const source = await generateTypes();
    const lists = [...source.matchAll(/^export const (\w+Values) = (\[.*\]) as const;$/gm)];
    expect(Object.fromEntries(lists.map(([, name, values]) => [name, JSON.parse(values)]))).toEqual(
      expect.objectContaining({
        policyGuardrailDirectionValues: ["input", "output"],
        policyEnforcementMessageRoleValues: ["system", "user", "assistant", "tool"],
        policyEnforcementMessageTypeValues: ["text", "document", "image", "audio", "video"],
        policyEnforcementResultActionValues: ["block", "redact", "detect", "allow"],
        dataLeakageEvaluationGuardrailKeyValues: ["data-leakage-prevention"],
      }),
    );
    expect(source).toContain(
      "/** Every value the contract allows for `PolicyGuardrailDirection`, in the contract's order. */\nexport const policyGuardrailDirectionValues",
    );
    expect(source).toContain(
      "/** Every value the contract allows for `DataLeakageEvaluation.guardrailKey`, in the contract's order. */",
    );
    expect(lists).toHaveLength(10);
    expect(source).not.toMatch(/\b(FlattenedDeepRequired|ReadonlyArray)\b/);
    for (const [line] of lists) {
      const before = source.slice(0, source.indexOf(line)).trimEnd();
      expect(before.endsWith("*/"), line).toBe(true);
    }
  });

  it("drop a value from its list when the contract drops it", async () => {
    const path = await contractWith((source) => source.replace("        - tool\n", ""));
    expect(await generateTypes(path)).toContain(
      'export const policyEnforcementMessageRoleValues = ["system", "user", "assistant"] as const;',
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
