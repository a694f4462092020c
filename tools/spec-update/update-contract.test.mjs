import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateTypes } from "@anthale/codegen/generate.mjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  baseContract,
  changesetBumps,
  copyRepository,
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

/** Checks that pass at once: these tests are about the diff and the changesets (the checks
 * themselves run for real in scenarios.test.mjs). */
const passing = (calls = []) => ({
  lint: async (root, _text, label) => {
    calls.push(["lint", root, label]);
    return { name: "lint", ok: true, output: "" };
  },
  buildClient: async (root) => {
    calls.push(["build", root, await readFile(paths.generated, "utf8")]);
    return { name: "build", ok: true, output: "" };
  },
  checkDependents: async (root) => {
    calls.push(["dependents", root]);
    return [{ name: "tsc", ok: true, output: "" }];
  },
});
const exposesAll = () => ({
  gaps: [],
  operations: ["organizations.policies.enforce"],
  openEnums: ["PolicyEnforcementResultAction"],
});
const update = (source, options = {}) =>
  updateContract(source, {
    root: repository.root,
    checks: passing(),
    coverage: exposesAll,
    ...options,
  });

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
  const names = (await readdir(paths.changesets)).filter((name) => name !== "config.json").sort();
  return Promise.all(names.map((name) => readFile(join(paths.changesets, name), "utf8")));
}

/** The bump of each package, over every changeset written. */
async function bumps() {
  return Object.assign({}, ...(await changesets()).map(changesetBumps));
}

async function setVersion(manifest, version) {
  const json = JSON.parse(await readFile(manifest, "utf8"));
  await writeFile(manifest, JSON.stringify({ ...json, version }, null, 2));
}

describe("updateContract", () => {
  it("adds a response field: non-breaking, minor for the client and the SDK", async () => {
    const source = await writeVariant(repository.root, "new.yaml", responseFieldAdded);
    const result = await update(source);

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
    const [client, sdk, ...others] = await changesets();
    expect(others).toEqual([]);
    expect(changesetBumps(client)).toEqual({ "@anthale/client": "minor" });
    expect(changesetBumps(sdk)).toEqual({ "@anthale/sdk": "minor" });
    for (const changeset of [client, sdk]) {
      expect(changeset).toContain("Non-breaking changes:");
      expect(changeset).toContain(
        "`PolicyEnforcementResult.latencyMs`: optional field `latencyMs` added",
      );
    }
    expect(result.changesetPaths).toEqual([
      expect.stringMatching(/\.changeset\/contract-update-\d{14}-client\.md$/),
      expect.stringMatching(/\.changeset\/contract-update-\d{14}-sdk\.md$/),
    ]);
  });

  it("removes an enum value: breaking, minor while the packages are 0.x", async () => {
    const source = await writeVariant(repository.root, "new.yaml", enumValueRemoved);
    const result = await update(source);

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
    expect(await bumps()).toEqual({ "@anthale/client": "minor", "@anthale/sdk": "minor" });
    for (const changeset of await changesets()) {
      expect(changeset).toContain("**Breaking changes:**");
    }
  });

  it("makes a breaking change major once a package is 1.0.0 or later", async () => {
    await setVersion(join(repository.root, "packages/client/package.json"), "1.4.0");
    const source = await writeVariant(repository.root, "new.yaml", enumValueRemoved);
    await update(source);

    expect(await bumps()).toEqual({ "@anthale/client": "major", "@anthale/sdk": "minor" });
  });

  it("adds a required request field: breaking", async () => {
    const source = await writeVariant(repository.root, "new.yaml", requiredRequestFieldAdded);
    const result = await update(source);

    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: "property-added",
        level: "breaking",
        location: "PolicyEnforceRequest.tenant",
        message: "required field `tenant` added",
      }),
    ]);
    expect(await readFile(paths.generated, "utf8")).toMatch(/tenant: string;/);
    expect(await bumps()).toEqual({ "@anthale/client": "minor", "@anthale/sdk": "minor" });
  });

  it("changes a description only: patch", async () => {
    const source = await writeVariant(repository.root, "new.yaml", descriptionChanged);
    const result = await update(source);

    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: "documentation-changed",
        level: "documentation",
        location: "PolicyEnforceTextMessage.text",
      }),
    ]);
    expect(await readFile(paths.generated, "utf8")).toContain("The block's text.");
    expect(await bumps()).toEqual({ "@anthale/client": "patch", "@anthale/sdk": "patch" });
  });

  it("leaves the SDK out when no schema it uses changed", async () => {
    const source = await writeVariant(repository.root, "new.yaml", [
      [
        "summary: Guardrail policy enforcement for LLM traffic.",
        "summary: Guardrails for LLM traffic.",
      ],
    ]);
    await update(source);
    expect(await bumps()).toEqual({ "@anthale/client": "patch" });
    expect(await changesets()).toHaveLength(1);
  });

  it("writes no changeset for an identical contract, and still regenerates", async () => {
    const source = join(repository.root, "same.yaml");
    await writeFile(source, await baseContract());
    const result = await update(source);

    expect(result.changes).toEqual([]);
    expect(result.releases).toEqual([]);
    expect(result.changesetPaths).toEqual([]);
    expect(result.summary).toBe("The contract did not change.");
    expect(await changesets()).toEqual([]);
    expect(await readFile(paths.generated, "utf8")).toBe(await generateTypes(paths.contract));
  });

  it("reads a contract from a URL", async () => {
    const text = await baseContract();
    const fetch = async (url) => {
      expect(url).toBe("https://contracts.example/anthale.yaml");
      return new Response(text.replace("Text of the block.", "Block text."));
    };
    const result = await update("https://contracts.example/anthale.yaml", { fetch });
    expect(result.changes.map((change) => change.kind)).toEqual(["documentation-changed"]);
  });

  it("lints, builds after regenerating, then checks the dependents, in the repository", async () => {
    const source = await writeVariant(repository.root, "new.yaml", descriptionChanged);
    const calls = [];
    const reports = [];
    await update(source, {
      checks: passing(calls),
      cwd: repository.root,
      report: (text) => reports.push([text, calls.length]),
    });
    expect(calls.map(([name, root]) => [name, root])).toEqual([
      ["lint", repository.root],
      ["build", repository.root],
      ["dependents", repository.root],
    ]);
    expect(calls[0][2]).toBe("new.yaml");
    expect(calls[1][2]).toContain("The block's text.");
    // The summary comes before any check, the coverage report once the types are generated.
    expect(reports.map(([text, before]) => [text.split("\n")[0], before])).toEqual([
      ["Contract changes: 1 documentation", 0],
      ["@anthale/sdk exposes everything the contract offers.", 1],
    ]);
  });

  it("accepts a broken SDK only with allowBrokenSdk, and then warns", async () => {
    const source = await writeVariant(repository.root, "new.yaml", requiredRequestFieldAdded);
    const broken = {
      ...passing(),
      checkDependents: async () => [
        {
          name: "`tsc --noEmit` in packages/sdk",
          package: "@anthale/sdk",
          ok: false,
          output: "",
          details: ["packages/sdk/src/request/enforce-request.ts(45,9): error TS2741: ..."],
        },
      ],
    };
    const before = await snapshot(repository.root);
    const refused = await update(source, { checks: broken }).catch((error) => error);
    expect(refused).toBeInstanceOf(UpdateRolledBackError);
    expect(refused.message).toContain("packages/sdk/src/request/enforce-request.ts(45,9)");
    expect(refused.message).toContain("--allow-broken-sdk");
    expect(await snapshot(repository.root)).toEqual(before);

    const result = await update(source, { checks: broken, allowBrokenSdk: true });
    expect(result.warning).toMatch(/^!{78}\nWARNING: accepted with --allow-broken-sdk/);
    expect(result.warning).toContain("packages/sdk/src/request/enforce-request.ts(45,9)");
    expect(await readFile(paths.contract, "utf8")).toBe(await readFile(source, "utf8"));
    expect(await bumps()).toEqual({ "@anthale/client": "minor", "@anthale/sdk": "minor" });
  });
});

describe("updateContract when a step fails", () => {
  it("restores the contract and the generated types when generation fails", async () => {
    const source = await writeVariant(repository.root, "new.yaml", descriptionChanged);
    const before = await snapshot(repository.root);
    const generate = async () => {
      throw new Error("openapi-typescript could not read the contract");
    };
    const failure = await update(source, { generate }).catch((error) => error);
    expect(failure).toBeInstanceOf(UpdateRolledBackError);
    expect(failure.message).toContain(
      "Failed while generating the client's types: openapi-typescript could not read the contract",
    );
    expect(await snapshot(repository.root)).toEqual(before);
  });

  it("restores them when the build fails, and writes no changeset", async () => {
    const source = await writeVariant(repository.root, "new.yaml", enumValueRemoved);
    const before = await snapshot(repository.root);
    const checks = {
      ...passing(),
      buildClient: async () => ({
        name: "`pnpm run build` in packages/client",
        ok: false,
        output: "tsup: 3 errors\nsrc/index.ts(1,1): error TS1005",
        details: ["packages/client/src/index.ts(1,1): error TS1005"],
      }),
    };
    const failure = await update(source, { checks }).catch((error) => error);
    expect(failure).toBeInstanceOf(UpdateRolledBackError);
    expect(failure.message).toContain("packages/client/src/index.ts(1,1): error TS1005");
    expect(failure.message).toContain("pnpm build");
    expect(await snapshot(repository.root)).toEqual(before);
  });
});

describe("pnpm spec:update (cli.mjs)", () => {
  it("refuses a document that is not OpenAPI 3.x and changes nothing", async () => {
    const source = join(repository.root, "swagger.yaml");
    await writeFile(source, "swagger: '2.0'\ninfo:\n  title: Old\n  version: '1'\npaths: {}\n");
    const before = await snapshot(repository.root);
    const failure = await run(process.execPath, [cli, source, "--root", repository.root]).catch(
      (error) => error,
    );

    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain(
      "is not an OpenAPI 3.x document: it is a Swagger 2.0 document",
    );
    expect(failure.stderr).toContain("Nothing was changed.");
    expect(await snapshot(repository.root)).toEqual(before);
  });

  it("prints its usage without a contract", async () => {
    const failure = await run(process.execPath, [cli, "--allow-broken-sdk"]).catch(
      (error) => error,
    );
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain("usage: pnpm spec:update <path-or-url>");
  });
});
