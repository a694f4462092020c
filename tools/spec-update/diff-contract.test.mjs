import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diffContract } from "./diff-contract.mjs";
import { baseContract, diffAfter as diffAfterOf } from "./test-repository.mjs";

let contract;
const enforcePath = "/organizations/policies/{policy_identifier}/enforce";

beforeAll(async () => {
  contract = parse(await baseContract());
});

const diffAfter = (edit) => diffAfterOf(contract, edit);

const schemas = (document) => document.components.schemas;
const enforce = (document) => document.paths[enforcePath].post;

describe("diffContract", () => {
  it("finds nothing between a contract and itself", () => {
    expect(diffContract(contract, structuredClone(contract))).toEqual([]);
  });

  describe("operations", () => {
    it("reports added and removed operations", () => {
      const changes = diffAfter((c) => {
        c.paths["/health"] = {
          get: { operationId: "health", responses: { 204: { description: "Up." } } },
        };
        delete c.paths[enforcePath];
      });
      expect(changes).toEqual([
        {
          kind: "operation-removed",
          level: "breaking",
          location: "organizations.policies.enforce",
        },
        { kind: "operation-added", level: "non-breaking", location: "health" },
      ]);
    });

    it("judges parameters, operationIds, headers and responses", () => {
      const changes = diffAfter((c) => {
        enforce(c).operationId = "policies.enforce";
        enforce(c).parameters.push(
          { name: "dryRun", in: "query", schema: { type: "boolean" } },
          { name: "region", in: "query", required: true, schema: { type: "string" } },
        );
        delete enforce(c).responses["200"].headers["RateLimit-Reset"];
        enforce(c).responses["202"] = { description: "Queued." };
        delete enforce(c).responses["429"];
      });
      const at = (suffix) => `policies.enforce${suffix}`;
      expect(changes).toEqual([
        { kind: "operation-changed", level: "breaking", location: at("") },
        { kind: "parameter-added", level: "non-breaking", location: at(" query parameter dryRun") },
        { kind: "parameter-added", level: "breaking", location: at(" query parameter region") },
        {
          kind: "header-removed",
          level: "breaking",
          location: at(" response 200 header RateLimit-Reset"),
        },
        { kind: "response-removed", level: "non-breaking", location: at(" response 429") },
        { kind: "response-added", level: "breaking", location: at(" response 202") },
      ]);
    });

    it("follows references to shared responses and headers", () => {
      const changes = diffAfter((c) => {
        c.components.headers["Retry-After"].schema.type = "string";
      });
      expect(changes).toEqual([
        {
          kind: "type-changed",
          level: "breaking",
          location: "organizations.policies.enforce response 429 header Retry-After",
        },
      ]);
    });
  });

  describe("documentation", () => {
    it("descriptions, examples and the contract version are documentation", () => {
      const changes = diffAfter((c) => {
        c.info.version = "0.0.2";
        schemas(c).PolicyEnforcementResult.description = "The decision.";
        enforce(c).requestBody.content["application/json"].examples.allow.summary = "Benign.";
      });
      expect(changes).toEqual([
        { kind: "documentation-changed", level: "documentation", location: "info" },
        {
          kind: "documentation-changed",
          level: "documentation",
          location: "organizations.policies.enforce request body",
        },
        {
          kind: "documentation-changed",
          level: "documentation",
          location: "PolicyEnforcementResult",
        },
      ]);
    });

    it("reports what it cannot classify as a change to review", () => {
      const changes = diffAfter((c) => {
        schemas(c).PolicyEnforcementResult.properties.enforcerIdentifier.readOnly = true;
        c.servers[0].url = "https://eu.api.anthale.com";
      });
      expect(changes).toEqual([
        {
          kind: "schema-changed",
          level: "non-breaking",
          location: "PolicyEnforcementResult.enforcerIdentifier",
        },
        { kind: "contract-changed", level: "non-breaking", location: "servers" },
      ]);
    });
  });

  it("does not fail on a reference that points nowhere", () => {
    const changes = diffAfter((c) => {
      enforce(c).requestBody.content["application/json"].schema.$ref =
        "#/components/schemas/Missing";
    });
    expect(changes).toEqual([
      {
        kind: "type-changed",
        level: "breaking",
        location: "organizations.policies.enforce request body",
      },
    ]);
  });
});
