import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { baseContract, diffAfter as diffAfterOf } from "./test-repository.mjs";

let contract;

beforeAll(async () => {
  contract = parse(await baseContract());
});

const diffAfter = (edit) => diffAfterOf(contract, edit);

const schemas = (document) => document.components.schemas;

describe("diffContract on schemas", () => {
  describe("enum values", () => {
    it("removing a value a request sends is breaking", () => {
      const changes = diffAfter((c) => schemas(c).PolicyGuardrailDirection.enum.pop());
      expect(changes).toEqual([
        { kind: "enum-value-removed", level: "breaking", location: "PolicyGuardrailDirection" },
      ]);
    });

    it("adding a value a request sends is not breaking", () => {
      const changes = diffAfter((c) =>
        schemas(c).PolicyEnforcementMessageRole.enum.push("developer"),
      );
      expect(changes).toEqual([
        {
          kind: "enum-value-added",
          level: "non-breaking",
          location: "PolicyEnforcementMessageRole",
        },
      ]);
    });

    it("adding a value a response carries is breaking (exhaustive switches)", () => {
      const changes = diffAfter((c) =>
        schemas(c).PolicyEnforcementResultAction.enum.push("escalate"),
      );
      expect(changes).toEqual([
        { kind: "enum-value-added", level: "breaking", location: "PolicyEnforcementResultAction" },
      ]);
    });

    it("removing a value a response carries is breaking too (comparisons with it stop compiling)", () => {
      const changes = diffAfter((c) => schemas(c).ContentSafetyGuardrailCategory.enum.pop());
      expect(changes).toEqual([
        {
          kind: "enum-value-removed",
          level: "breaking",
          location: "ContentSafetyGuardrailCategory",
        },
      ]);
    });

    it("removing a response variant is breaking, a response type removed is not", () => {
      const changes = diffAfter((c) => {
        const items = schemas(c).PolicyEnforcementResult.properties.evaluations.items;
        items.oneOf.pop();
        delete items.discriminator.mapping["topic-control"];
        schemas(c).AnthaleErrorResponse.properties.error.properties.details.type = "object";
      });
      expect(changes).toEqual([
        {
          kind: "variant-removed",
          level: "breaking",
          location: "PolicyEnforcementResult.evaluations[]",
        },
        {
          kind: "type-changed",
          level: "non-breaking",
          location: "AnthaleErrorResponse.error.details",
        },
      ]);
    });
  });

  describe("properties and required fields", () => {
    it("judges added fields by side and by whether they are required", () => {
      const changes = diffAfter((c) => {
        schemas(c).PolicyEnforceRequest.properties.tenant = { type: "string" };
        schemas(c).PolicyEnforceRequest.properties.locale = { type: "string" };
        schemas(c).PolicyEnforceRequest.required.push("tenant");
        schemas(c).PolicyEnforcementResult.properties.latencyMs = { type: "integer" };
      });
      expect(changes).toEqual([
        { kind: "property-added", level: "breaking", location: "PolicyEnforceRequest.tenant" },
        { kind: "property-added", level: "non-breaking", location: "PolicyEnforceRequest.locale" },
        {
          kind: "property-added",
          level: "non-breaking",
          location: "PolicyEnforcementResult.latencyMs",
        },
      ]);
    });

    it("removing a field is breaking on either side", () => {
      const changes = diffAfter((c) => {
        delete schemas(c).PolicyEnforceRequest.properties.metadata;
        delete schemas(c).DataLeakageThread.properties.span;
        schemas(c).DataLeakageThread.required = schemas(c).DataLeakageThread.required.filter(
          (name) => name !== "span",
        );
      });
      expect(changes).toEqual([
        { kind: "property-removed", level: "breaking", location: "PolicyEnforceRequest.metadata" },
        { kind: "property-removed", level: "breaking", location: "DataLeakageThread.span" },
      ]);
    });

    it("a request field becoming required breaks; a response field becoming optional breaks", () => {
      const changes = diffAfter((c) => {
        schemas(c).PolicyEnforceRequest.required.push("includeEvaluations");
        schemas(c).PolicyEnforcementResult.required.pop();
        schemas(c).PromptInjectionEvaluation.required.push("threads");
      });
      expect(changes).toEqual([
        {
          kind: "required-added",
          level: "breaking",
          location: "PolicyEnforceRequest.includeEvaluations",
        },
        { kind: "required-removed", level: "breaking", location: "PolicyEnforcementResult.action" },
        {
          kind: "required-added",
          level: "non-breaking",
          location: "PromptInjectionEvaluation.threads",
        },
      ]);
    });
  });

  describe("types and bounds", () => {
    it("a changed type is breaking", () => {
      const changes = diffAfter((c) => {
        schemas(c).PolicyEnforceTextMessage.properties.text.type = "integer";
      });
      expect(changes).toEqual([
        { kind: "type-changed", level: "breaking", location: "PolicyEnforceTextMessage.text" },
      ]);
    });

    it("a nullable response field is breaking, a nullable request field is not", () => {
      const changes = diffAfter((c) => {
        schemas(c).ContextSafetyThread.properties.topic.type = ["string", "null"];
        schemas(c).PolicyEnforceTextMessage.properties.text.type = ["string", "null"];
      });
      expect(changes).toEqual([
        { kind: "type-changed", level: "non-breaking", location: "PolicyEnforceTextMessage.text" },
        { kind: "type-changed", level: "breaking", location: "ContextSafetyThread.topic" },
      ]);
    });

    it("tighter request bounds break, tighter response bounds do not, looser ones the reverse", () => {
      const changes = diffAfter((c) => {
        schemas(c).PolicyEnforceRequest.properties.messages.minItems = 2;
        schemas(c).PolicyEnforceRequest.properties.messages.maxItems = 100;
        schemas(c).PromptInjectionThread.properties.score.maximum = 0.5;
        schemas(c).ContentSafetyThread.properties.score.maximum = 100;
        delete schemas(c).ContentSafetyThread.properties.score.minimum;
      });
      expect(changes).toEqual([
        { kind: "bound-changed", level: "breaking", location: "PolicyEnforceRequest.messages" },
        { kind: "bound-changed", level: "breaking", location: "PolicyEnforceRequest.messages" },
        { kind: "bound-changed", level: "non-breaking", location: "PromptInjectionThread.score" },
        { kind: "bound-changed", level: "breaking", location: "ContentSafetyThread.score" },
        { kind: "bound-changed", level: "breaking", location: "ContentSafetyThread.score" },
      ]);
    });

    it("a reference to another schema is a type change", () => {
      const changes = diffAfter((c) => {
        schemas(c).ContentSafetyThread.properties.category.$ref =
          "#/components/schemas/DataLeakageGuardrailCategory";
      });
      expect(changes).toEqual([
        { kind: "type-changed", level: "breaking", location: "ContentSafetyThread.category" },
      ]);
    });
  });

  describe("schemas and variants", () => {
    it("reports added and removed schemas", () => {
      const changes = diffAfter((c) => {
        schemas(c).Unused = { type: "string" };
        delete schemas(c).AnthaleErrorResponse;
      });
      expect(changes).toEqual([
        { kind: "schema-removed", level: "breaking", location: "AnthaleErrorResponse" },
        { kind: "schema-added", level: "non-breaking", location: "Unused" },
      ]);
    });

    it("a new evaluation variant in the result is one breaking change plus its schema", () => {
      const changes = diffAfter((c) => {
        schemas(c).ToxicityEvaluation = structuredClone(schemas(c).ContentSafetyEvaluation);
        const items = schemas(c).PolicyEnforcementResult.properties.evaluations.items;
        items.oneOf.push({ $ref: "#/components/schemas/ToxicityEvaluation" });
        items.discriminator.mapping.toxicity = "#/components/schemas/ToxicityEvaluation";
      });
      expect(changes).toEqual([
        {
          kind: "variant-added",
          level: "breaking",
          location: "PolicyEnforcementResult.evaluations[]",
        },
        { kind: "schema-added", level: "non-breaking", location: "ToxicityEvaluation" },
      ]);
    });
  });
});
