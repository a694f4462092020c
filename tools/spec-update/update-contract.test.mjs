import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateTypes } from "@anthale/codegen/generate.mjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  changesetBumps,
  copyRepository,
  realContract,
  snapshot,
  writeVariant,
} from "./test-repository.mjs";
import { repositoryPaths, UpdateRolledBackError, updateContract } from "./update-contract.mjs";

const run = promisify(execFile);
const cli = new URL("./cli.mjs", import.meta.url).pathname;

const responseFieldAdded = [
  [
    "        evaluations:\n          type: array\n          description: One evaluation per guardrail",
    "        latencyMs:\n          type: integer\n          minimum: 0\n" +
      "          description: Time the enforcement took, in milliseconds.\n" +
      "        evaluations:\n          type: array\n          description: One evaluation per guardrail",
  ],
];
const enumValueRemoved = [["        - assistant\n        - tool\n", "        - assistant\n"]];
const requiredRequestFieldAdded = [
  [
    "        - direction\n        - messages\n",
    "        - direction\n        - messages\n        - tenant\n",
  ],
  [
    "      x-stainless-any: true\n    PolicyEnforcementResult:",
    "      x-stainless-any: true\n        tenant:\n          type: string\n" +
      "          description: Tenant the conversation belongs to.\n    PolicyEnforcementResult:",
  ],
];
const descriptionChanged = [["Text of the block.", "The block's text."]];

let repository;
let paths;
const staleTypes = "// stale generated types\n";

beforeEach(async () => {
  repository = await copyRepository();
  paths = repositoryPaths(repository.root);
  // Makes regeneration observable: any successful update must rewrite this file.
  await writeFile(paths.generated, staleTypes);
});
afterEach(async () => {
  await repository.remove();
});

async function changesets() {
  const names = (await readdir(paths.changesets)).filter((name) => name !== "config.json");
  return Promise.all(names.map((name) => readFile(join(paths.changesets, name), "utf8")));
}

async function setVersion(manifest, version) {
  const json = JSON.parse(await readFile(manifest, "utf8"));
  await writeFile(manifest, JSON.stringify({ ...json, version }, null, 2));
}

describe("updateContract", () => {
  it("adds a response field: non-breaking, minor for the client and the SDK", async () => {
    const source = await writeVariant(repository.root, "new.yaml", responseFieldAdded);
    const result = await updateContract(source, { root: repository.root, build: false });

    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: "property-added",
        level: "non-breaking",
        breaking: false,
        location: "PolicyEnforcementResult.latencyMs",
        schema: "PolicyEnforcementResult",
      }),
    ]);
    expect(await readFile(paths.contract, "utf8")).toBe(await readFile(source, "utf8"));
    const generated = await readFile(paths.generated, "utf8");
    expect(generated).toBe(await generateTypes(paths.contract));
    expect(generated).toContain("latencyMs?: number");
    const [changeset, ...others] = await changesets();
    expect(others).toEqual([]);
    expect(changesetBumps(changeset)).toEqual({
      "@anthale/client": "minor",
      "@anthale/sdk": "minor",
    });
    expect(changeset).toContain("Non-breaking changes:");
    expect(changeset).toContain(
      "`PolicyEnforcementResult.latencyMs`: optional field `latencyMs` added",
    );
    expect(result.changesetPath).toMatch(/\.changeset\/contract-update-\d{14}\.md$/);
  });

  it("removes an enum value: breaking, minor while the packages are 0.x", async () => {
    const source = await writeVariant(repository.root, "new.yaml", enumValueRemoved);
    const result = await updateContract(source, { root: repository.root, build: false });

    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: "enum-value-removed",
        level: "breaking",
        breaking: true,
        location: "PolicyEnforcementMessageRole",
        message: 'enum value "tool" removed',
      }),
    ]);
    expect(await readFile(paths.generated, "utf8")).not.toContain('"tool"');
    const [changeset] = await changesets();
    expect(changesetBumps(changeset)).toEqual({
      "@anthale/client": "minor",
      "@anthale/sdk": "minor",
    });
    expect(changeset).toContain("Breaking changes:");
  });

  it("makes a breaking change major once a package is 1.0.0 or later", async () => {
    await setVersion(join(repository.root, "packages/client/package.json"), "1.4.0");
    const source = await writeVariant(repository.root, "new.yaml", enumValueRemoved);
    await updateContract(source, { root: repository.root, build: false });

    const [changeset] = await changesets();
    expect(changesetBumps(changeset)).toEqual({
      "@anthale/client": "major",
      "@anthale/sdk": "minor",
    });
  });

  it("adds a required request field: breaking", async () => {
    const source = await writeVariant(repository.root, "new.yaml", requiredRequestFieldAdded);
    const result = await updateContract(source, { root: repository.root, build: false });

    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: "property-added",
        level: "breaking",
        location: "PolicyEnforceRequest.tenant",
        message: "required field `tenant` added",
      }),
    ]);
    expect(await readFile(paths.generated, "utf8")).toMatch(/tenant: string;/);
    expect(changesetBumps((await changesets())[0])).toEqual({
      "@anthale/client": "minor",
      "@anthale/sdk": "minor",
    });
  });

  it("changes a description only: patch", async () => {
    const source = await writeVariant(repository.root, "new.yaml", descriptionChanged);
    const result = await updateContract(source, { root: repository.root, build: false });

    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: "documentation-changed",
        level: "documentation",
        location: "PolicyEnforceTextMessage.text",
      }),
    ]);
    expect(await readFile(paths.generated, "utf8")).toContain("The block's text.");
    expect(changesetBumps((await changesets())[0])).toEqual({
      "@anthale/client": "patch",
      "@anthale/sdk": "patch",
    });
  });

  it("leaves the SDK out when no schema it uses changed", async () => {
    const source = await writeVariant(repository.root, "new.yaml", [
      ["Short human-readable title of the error.", "Short title of the error."],
    ]);
    await updateContract(source, { root: repository.root, build: false });
    expect(changesetBumps((await changesets())[0])).toEqual({ "@anthale/client": "patch" });
  });

  it("writes no changeset for an identical contract, and still regenerates", async () => {
    const source = join(repository.root, "same.yaml");
    await writeFile(source, await realContract());
    const result = await updateContract(source, { root: repository.root, build: false });

    expect(result.changes).toEqual([]);
    expect(result.releases).toEqual([]);
    expect(result.changesetPath).toBeUndefined();
    expect(result.summary).toBe("The contract did not change.");
    expect(await changesets()).toEqual([]);
    expect(await readFile(paths.generated, "utf8")).toBe(await generateTypes(paths.contract));
  });

  it("reads a contract from a URL", async () => {
    const text = await realContract();
    const fetch = async (url) => {
      expect(url).toBe("https://contracts.example/anthale.yaml");
      return new Response(text.replace("Text of the block.", "Block text."));
    };
    const result = await updateContract("https://contracts.example/anthale.yaml", {
      root: repository.root,
      build: false,
      fetch,
    });
    expect(result.changes.map((change) => change.kind)).toEqual(["documentation-changed"]);
  });

  it("runs the build step with the repository root, after regenerating", async () => {
    const source = await writeVariant(repository.root, "new.yaml", descriptionChanged);
    const calls = [];
    await updateContract(source, {
      root: repository.root,
      build: async (root) => calls.push([root, await readFile(paths.generated, "utf8")]),
    });
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBe(repository.root);
    expect(calls[0][1]).toContain("The block's text.");
  });
});

describe("updateContract when a step fails", () => {
  it("restores the contract and the generated types when generation fails", async () => {
    const source = await writeVariant(repository.root, "new.yaml", [
      ['$ref: "#/components/schemas/PolicyEnforceRequest"', '$ref: "#/components/schemas/Missing"'],
    ]);
    const before = await snapshot(repository.root);
    const failure = await updateContract(source, { root: repository.root, build: false }).catch(
      (error) => error,
    );
    expect(failure).toBeInstanceOf(UpdateRolledBackError);
    expect(failure.message).toContain("generating the client's types");
    expect(await snapshot(repository.root)).toEqual(before);
  });

  it("restores them when the build fails, and writes no changeset", async () => {
    const source = await writeVariant(repository.root, "new.yaml", enumValueRemoved);
    const before = await snapshot(repository.root);
    const failure = await updateContract(source, {
      root: repository.root,
      build: async () => {
        throw new Error("tsc found 3 errors");
      },
    }).catch((error) => error);
    expect(failure).toBeInstanceOf(UpdateRolledBackError);
    expect(failure.message).toContain("tsc found 3 errors");
    expect(failure.message).toContain("pnpm build");
    expect(await snapshot(repository.root)).toEqual(before);
  });
});

describe("pnpm spec:update (cli.mjs)", () => {
  it("prints the summary by level and the changeset written", async () => {
    const source = await writeVariant(repository.root, "new.yaml", [
      ...enumValueRemoved,
      ...responseFieldAdded,
    ]);
    const { stdout } = await run(
      process.execPath,
      [cli, "new.yaml", "--root", repository.root, "--no-build"],
      { env: { ...process.env, INIT_CWD: repository.root } },
    );

    expect(stdout).toContain("Contract changes: 1 breaking, 1 non-breaking");
    expect(stdout.indexOf("Breaking (1)")).toBeLessThan(stdout.indexOf("Non-breaking (1)"));
    expect(stdout).toMatch(/PolicyEnforcementMessageRole\s+enum value "tool" removed/);
    expect(stdout).toMatch(/Wrote \.changeset\/contract-update-\d{14}\.md/);
    expect(stdout).toContain("@anthale/sdk: minor");
    expect(await readFile(paths.contract, "utf8")).toBe(await readFile(source, "utf8"));
  });

  it("says so when there is nothing to release", async () => {
    await writeFile(join(repository.root, "same.yaml"), await realContract());
    const { stdout } = await run(process.execPath, [
      cli,
      join(repository.root, "same.yaml"),
      "--root",
      repository.root,
      "--no-build",
    ]);
    expect(stdout).toContain("The contract did not change.");
    expect(stdout).toContain("No changeset written");
    expect(await changesets()).toEqual([]);
  });

  it("refuses a document that is not OpenAPI 3.x and changes nothing", async () => {
    const source = join(repository.root, "swagger.yaml");
    await writeFile(source, "swagger: '2.0'\ninfo:\n  title: Old\n  version: '1'\npaths: {}\n");
    const before = await snapshot(repository.root);
    const failure = await run(process.execPath, [
      cli,
      source,
      "--root",
      repository.root,
      "--no-build",
    ]).catch((error) => error);

    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain(
      "is not an OpenAPI 3.x document: it is a Swagger 2.0 document",
    );
    expect(failure.stderr).toContain("Nothing was changed.");
    expect(await snapshot(repository.root)).toEqual(before);
  });

  it("prints its usage without a contract", async () => {
    const failure = await run(process.execPath, [cli, "--no-build"]).catch((error) => error);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain("usage: pnpm spec:update <path-or-url>");
  });
});
