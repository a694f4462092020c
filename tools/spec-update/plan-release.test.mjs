import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { repositoryRoot } from "@anthale/codegen/generate.mjs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bumpFor, planRelease, sdkChanges, sdkSchemaRoots } from "./plan-release.mjs";
import { baseContract, realContract } from "./test-repository.mjs";

let contract;
let live;
beforeAll(async () => {
  contract = parse(await baseContract());
  live = parse(await realContract());
});

const change = (level, where = {}) => ({
  kind: "test",
  level,
  breaking: level === "breaking",
  location: "somewhere",
  message: "changed",
  ...where,
});

describe("bumpFor", () => {
  it("maps breaking to minor below 1.0.0 and to major from 1.0.0", () => {
    const changes = [change("documentation"), change("breaking"), change("non-breaking")];
    expect(bumpFor(changes, "0.0.0")).toBe("minor");
    expect(bumpFor(changes, "0.9.3")).toBe("minor");
    expect(bumpFor(changes, "1.0.0")).toBe("major");
    expect(bumpFor(changes, "2.1.0-beta.1")).toBe("major");
  });

  it("maps non-breaking to minor, documentation to patch, nothing to no release", () => {
    expect(bumpFor([change("documentation"), change("non-breaking")], "1.2.3")).toBe("minor");
    expect(bumpFor([change("documentation")], "1.2.3")).toBe("patch");
    expect(bumpFor([], "1.2.3")).toBeUndefined();
  });
});

describe("sdkChanges", () => {
  it("keeps changes in schemas the SDK's types reach and in the operation it calls", () => {
    const reached = change("breaking", { schema: "DataLeakageGuardrailCategory" });
    const root = change("breaking", { schema: "PolicyEnforcementResultAction" });
    const call = change("breaking", { operation: "organizations.policies.enforce" });
    // The error body is the SDK's too: its testing kit builds error answers.
    const errors = change("breaking", { schema: "AnthaleErrorResponse" });
    const unrelated = change("breaking", { schema: "AuditLogEntry" });
    const info = change("documentation");
    const other = change("non-breaking", { operation: "health" });
    expect(
      sdkChanges([reached, root, call, errors, unrelated, info, other], contract, contract),
    ).toEqual([reached, root, call, errors]);
  });

  it("counts a schema the new contract links into the SDK's types", () => {
    const after = structuredClone(contract);
    after.components.schemas.ToxicityEvaluation = { type: "object" };
    after.components.schemas.PolicyEnforcementResult.properties.evaluations.items.oneOf.push({
      $ref: "#/components/schemas/ToxicityEvaluation",
    });
    const added = change("non-breaking", { schema: "ToxicityEvaluation" });
    expect(sdkChanges([added], contract, after)).toEqual([added]);
    expect(sdkChanges([added], contract, contract)).toEqual([]);
  });
});

describe("sdkChanges with what the SDK exposes", () => {
  const sessionId = change("non-breaking", {
    kind: "property-added",
    schema: "PolicyEnforceRequest",
    location: "PolicyEnforceRequest.sessionId",
  });
  const escalate = change("breaking", {
    kind: "enum-value-added",
    schema: "PolicyEnforcementResultAction",
    location: "PolicyEnforcementResultAction",
  });
  const retrieve = change("non-breaking", { operation: "organizations.policies.retrieve" });

  it("leaves out a request field the SDK's parameters lack", () => {
    const gaps = [
      { kind: "request-field", schema: "PolicyEnforceRequest", property: "sessionId", subject: "" },
    ];
    expect(sdkChanges([sessionId], contract, contract, { gaps })).toEqual([]);
    expect(sdkChanges([sessionId], contract, contract, {})).toEqual([sessionId]);
  });

  it("makes a value added to a response enum the SDK leaves open non-breaking for it", () => {
    const open = { openEnums: ["PolicyEnforcementResultAction"] };
    expect(sdkChanges([escalate], contract, contract, open)).toEqual([
      { ...escalate, level: "non-breaking", breaking: false },
    ]);
    expect(sdkChanges([escalate], contract, contract, { openEnums: [] })).toEqual([escalate]);
  });

  it("keeps the operations the SDK has a method for", () => {
    expect(sdkChanges([retrieve], contract, contract, {})).toEqual([]);
    expect(
      sdkChanges([retrieve], contract, contract, {
        operations: ["organizations.policies.retrieve"],
      }),
    ).toEqual([retrieve]);
  });
});

describe("planRelease", () => {
  it("releases the client alone for changes outside the SDK's types", () => {
    const changes = [change("non-breaking", { schema: "AuditLogEntry" })];
    const versions = { "@anthale/client": "0.1.0", "@anthale/sdk": "0.1.0" };
    expect(planRelease(changes, { before: contract, after: contract, versions })).toEqual([
      { name: "@anthale/client", bump: "minor", changes },
    ]);
  });

  it("bumps each package from its own changes and version", () => {
    const breaking = change("breaking", { schema: "AuditLogEntry" });
    const documentation = change("documentation", { schema: "PolicyEnforceRequest" });
    const versions = { "@anthale/client": "1.0.0", "@anthale/sdk": "1.0.0" };
    const releases = planRelease([breaking, documentation], {
      before: contract,
      after: contract,
      versions,
    });
    expect(releases.map(({ name, bump }) => [name, bump])).toEqual([
      ["@anthale/client", "major"],
      ["@anthale/sdk", "patch"],
    ]);
  });

  it("releases nothing when nothing changed", () => {
    expect(planRelease([], { before: contract, after: contract, versions: {} })).toEqual([]);
  });
});

describe("sdkSchemaRoots", () => {
  it("names schemas of the contract", () => {
    for (const name of sdkSchemaRoots) expect(live.components.schemas).toHaveProperty([name]);
  });

  it("lists every contract schema the SDK imports from @anthale/client, or whose values it checks", async () => {
    const source = join(repositoryRoot, "packages/sdk/src");
    const imported = new Set();
    for (const file of await readdir(source, { recursive: true })) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
      const text = await readFile(join(source, file), "utf8");
      for (const [, names] of text.matchAll(
        /(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*"@anthale\/client(?:\/contract)?"/g,
      )) {
        for (const name of names.split(",")) {
          const bare = name.replace(/^\s*type\s+/, "").trim();
          // An enum's list of values (`policyGuardrailDirectionValues`) stands for its schema.
          const list = /^(\w)(\w*)Values$/.exec(bare);
          imported.add(list ? `${list[1].toUpperCase()}${list[2]}` : bare);
        }
      }
    }
    const schemas = [...imported].filter((name) => name in live.components.schemas);
    expect(schemas).toContain("PolicyEnforcementMessageRole");
    expect(sdkSchemaRoots).toEqual(expect.arrayContaining(schemas));
  });
});
