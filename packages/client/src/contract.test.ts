import { readFile } from "node:fs/promises";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as contract from "./contract.js";
import {
  DEFAULT_BASE_URL,
  type PolicyEnforcementMessageRole,
  type PolicyEnforcementMessageType,
  type PolicyEnforcementResultAction,
  type PolicyGuardrailDirection,
  policyEnforcementMessageRoleValues,
  policyEnforcementMessageTypeValues,
  policyEnforcementResultActionValues,
  policyGuardrailDirectionValues,
} from "./contract.js";
import * as client from "./index.js";

const contractText = readFile(new URL("../../../openapi/anthale.yaml", import.meta.url), "utf8");

/** The module specifiers a source file imports or re-exports from. */
async function importsOf(file: string): Promise<string[]> {
  const source = await readFile(new URL(file, import.meta.url), "utf8");
  return [...source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gm)].map(
    ([, specifier]) => specifier as string,
  );
}

describe("@anthale/client/contract", () => {
  it("lists each enum's values, typed as the enum", () => {
    expect(policyGuardrailDirectionValues).toEqual(["input", "output"]);
    expect(policyEnforcementMessageRoleValues).toEqual(["system", "user", "assistant", "tool"]);
    expect(policyEnforcementMessageTypeValues).toEqual([
      "text",
      "document",
      "image",
      "audio",
      "video",
    ]);
    expect(policyEnforcementResultActionValues).toEqual(["block", "redact", "detect", "allow"]);
    expectTypeOf(policyGuardrailDirectionValues).items.toEqualTypeOf<PolicyGuardrailDirection>();
    expectTypeOf(
      policyEnforcementMessageRoleValues,
    ).items.toEqualTypeOf<PolicyEnforcementMessageRole>();
    expectTypeOf(
      policyEnforcementMessageTypeValues,
    ).items.toEqualTypeOf<PolicyEnforcementMessageType>();
    expectTypeOf(
      policyEnforcementResultActionValues,
    ).items.toEqualTypeOf<PolicyEnforcementResultAction>();
  });

  it("has the contract's server as DEFAULT_BASE_URL", async () => {
    const server = /^servers:\n {2}- url: (\S+)$/m.exec(await contractText)?.[1];
    expect(DEFAULT_BASE_URL).toBe(server);
  });

  it("loads nothing but the generated schema, so no HTTP client", async () => {
    expect(await importsOf("./contract.ts")).toEqual(["./generated/schema.js"]);
    expect(await importsOf("./generated/schema.ts")).toEqual([]);
  });

  it("is also what the main entry exports", () => {
    expect(Object.keys(contract).length).toBeGreaterThan(10);
    expect({ ...client }).toEqual(expect.objectContaining({ ...contract }));
  });
});
