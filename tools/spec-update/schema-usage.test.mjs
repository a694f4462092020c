import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  listOperations,
  reachableSchemas,
  resolveReference,
  schemaName,
  schemaUsage,
} from "./schema-usage.mjs";
import { baseContract } from "./test-repository.mjs";

let contract;
beforeAll(async () => {
  contract = parse(await baseContract());
});

describe("schemaUsage", () => {
  it("puts each schema of the contract on the side that uses it", () => {
    const usage = schemaUsage(contract);
    expect([...usage.get("PolicyEnforceRequest")]).toEqual(["request"]);
    expect([...usage.get("PolicyEnforcementMessageType")]).toEqual(["request"]);
    expect([...usage.get("PolicyEnforcementResultAction")]).toEqual(["response"]);
    expect([...usage.get("DataLeakageGuardrailCategory")]).toEqual(["response"]);
    expect([...usage.get("AnthaleErrorResponse")]).toEqual(["response"]);
  });

  it("leaves out schemas no operation uses", () => {
    const document = structuredClone(contract);
    document.components.schemas.Unused = { type: "string" };
    expect(schemaUsage(document).has("Unused")).toBe(false);
  });
});

describe("reachableSchemas", () => {
  it("follows properties, items, variants and references", () => {
    const reached = reachableSchemas(contract, ["PolicyEnforcementResult"]);
    expect(reached).toContain("PolicyEnforcementResultAction");
    expect(reached).toContain("DataLeakageThread");
    expect(reached).toContain("ContentSafetyGuardrailCategory");
    expect(reached).not.toContain("PolicyEnforceRequest");
  });

  it("stops on cycles and on references that point nowhere", () => {
    const document = {
      components: {
        schemas: {
          Node: {
            type: "object",
            properties: {
              children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
              ghost: { $ref: "#/components/schemas/Ghost" },
            },
          },
        },
      },
    };
    expect([...reachableSchemas(document, ["Node"])]).toEqual(["Node"]);
  });
});

describe("references", () => {
  it("resolves local references, including escaped ones, and keeps unresolvable ones", () => {
    const document = { paths: { "/a/b": { get: { operationId: "x" } } } };
    expect(resolveReference(document, { $ref: "#/paths/~1a~1b/get" })).toEqual({
      operationId: "x",
    });
    const missing = { $ref: "#/paths/~1nope" };
    expect(resolveReference(document, missing)).toBe(missing);
    const loop = { components: { a: { $ref: "#/components/a" } } };
    expect(resolveReference(loop, { $ref: "#/components/a" })).toEqual({ $ref: "#/components/a" });
    expect(schemaName("#/components/schemas/Thing")).toBe("Thing");
    expect(schemaName("other.yaml#/Thing")).toBeUndefined();
  });

  it("lists operations with path-level and operation-level parameters", () => {
    const [operation] = listOperations(contract).values();
    expect(operation.key).toBe("POST /organizations/policies/{policy_identifier}/enforce");
    expect(operation.parameters.map((parameter) => parameter.name)).toEqual(["policy_identifier"]);
  });
});
