// A contract change that breaks the SDK must break its build: in a temporary copy, each breaking
// variant of the (live) contract regenerates the client, and the SDK's typecheck must then fail
// with an error in an SDK source file. The unmodified contract must typecheck, so that each failure
// below is the variant's doing and not the harness's. Two changes whose errors are told apart by
// their messages share one typecheck, to keep the number of runs down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { copySources, limited, typecheckAfter } from "./sdk-typecheck.mjs";

const enforcePath = "/organizations/policies/{policy_identifier}/enforce";

/** `change` applied to the parsed contract, as text again. */
const editing = (change) => (text) => {
  const contract = parse(text);
  change(contract);
  const edited = stringify(contract);
  expect(edited).not.toBe(stringify(parse(text)));
  return edited;
};

const variants = {
  unmodified: (text) => text,
  "a renamed request field (messages → conversation)": editing(({ components }) => {
    const request = components.schemas.PolicyEnforceRequest;
    const { messages, ...others } = request.properties;
    request.properties = { ...others, conversation: messages };
    request.required = request.required.map((name) =>
      name === "messages" ? "conversation" : name,
    );
  }),
  "a removed enum value (the tool role) and a changed path (/policies/{policy_identifier}/enforce)":
    editing((contract) => {
      const role = contract.components.schemas.PolicyEnforcementMessageRole;
      role.enum = role.enum.filter((value) => value !== "tool");
      const { [enforcePath]: operation, ...others } = contract.paths;
      contract.paths = { ...others, "/policies/{policy_identifier}/enforce": operation };
    }),
};

/** A compiler error located in a source file of the SDK (not the generated client). */
const sdkSourceError = /^src\/[\w/.-]+\.ts\(\d+,\d+\): error TS\d+/m;

const copies = [];
const outcomes = {};

beforeAll(async () => {
  // Two typechecks at a time: one per core of a small machine.
  const slot = limited(2);
  for (const [name, edit] of Object.entries(variants)) {
    outcomes[name] = slot(async () => {
      const copy = await copySources();
      copies.push(copy);
      return typecheckAfter(copy.root, edit);
    });
  }
  // Settle every run here, so that a failing one does not leave the others unwatched.
  await Promise.allSettled(Object.values(outcomes));
}, 900_000);

afterAll(async () => {
  await Promise.all(copies.map((copy) => copy.remove()));
});

describe("the SDK against a client generated from the contract", () => {
  it("typechecks with the contract as it is", async () => {
    const { ok, output } = await outcomes.unmodified;
    expect(output).toBe("");
    expect(ok).toBe(true);
  });

  it.each(Object.keys(variants).filter((name) => name !== "unmodified"))(
    "fails to typecheck after %s, naming an SDK source file",
    async (name) => {
      const { ok, output } = await outcomes[name];
      expect(ok).toBe(false);
      expect(output).toMatch(sdkSourceError);
    },
  );

  it("points at the request building for a renamed field and a changed path", async () => {
    const renamed = await outcomes["a renamed request field (messages → conversation)"];
    expect(renamed.output).toMatch(/^src\/request\/enforce-request\.ts\(\d+,\d+\): error TS/m);
    const { output } =
      await outcomes[
        "a removed enum value (the tool role) and a changed path (/policies/{policy_identifier}/enforce)"
      ];
    expect(output).toMatch(
      /^src\/request\/enforce-request\.ts\(\d+,\d+\): error TS\d+: .*"\/organizations\/policies\/\{policy_identifier\}\/enforce"/m,
    );
    expect(output).toMatch(
      /^src\/[\w/.-]+\.ts\(\d+,\d+\): error TS\d+: .*'"tool"' is not assignable/m,
    );
  });
});
