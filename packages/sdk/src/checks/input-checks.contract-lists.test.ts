// The checks take their lists of directions, roles and block types from @anthale/client, as
// generated from the contract: given other lists (as a changed contract would generate), they
// accept and refuse by those lists, and by no list of their own.
import { describe, expect, it, vi } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import { checkDirection, checkMessages } from "./input-checks.js";

vi.mock("@anthale/client/contract", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@anthale/client/contract")>()),
  policyGuardrailDirectionValues: ["input", "retrieval"],
  policyEnforcementMessageRoleValues: ["user", "developer"],
  policyEnforcementMessageTypeValues: ["text", "code"],
}));

describe("with the lists a changed contract generates", () => {
  it("accepts the values the contract added", () => {
    expect(checkDirection("retrieval")).toBe("retrieval");
    const messages = [{ role: "developer", content: [{ type: "code", text: "x = 1" }] }];
    expect(checkMessages(messages)).toStrictEqual(messages);
  });

  it("refuses the values the contract dropped, listing the contract's values", () => {
    expect(() => checkDirection("output")).toThrow(AnthaleValidationError);
    expect(() => checkDirection("output")).toThrow('one of "input", "retrieval"');
    expect(() => checkMessages([{ role: "system", content: "x" }])).toThrow(
      'messages[0].role: must be one of "user", "developer"',
    );
    expect(() =>
      checkMessages([{ role: "user", content: [{ type: "image", text: "x" }] }]),
    ).toThrow('messages[0].content[0].type: must be one of "text", "code"');
  });
});
