#!/usr/bin/env node
// anthale-spec-update <path-or-url> [--root DIR] [--no-build]
//   Replaces openapi/anthale.yaml with the given contract, regenerates @anthale/client's types,
//   builds @anthale/client and @anthale/sdk, prints what changed and writes the changeset it implies.
//   --root DIR:  update the repository at DIR instead of this one
//   --no-build:  skip the build
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { repositoryRoot } from "@anthale/codegen/generate.mjs";
import { ContractError } from "./load-contract.mjs";
import { updateContract } from "./update-contract.mjs";

const usage = "usage: pnpm spec:update <path-or-url> [--root DIR] [--no-build]";

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { root: { type: "string" }, "no-build": { type: "boolean" } },
  });
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (parsed.positionals.length !== 1) {
  console.error(usage);
  process.exit(2);
}

// pnpm runs root scripts from the repository root; INIT_CWD is where the command was typed.
const cwd = process.env.INIT_CWD ?? process.cwd();
const root = parsed.values.root === undefined ? repositoryRoot : resolve(cwd, parsed.values.root);

try {
  const result = await updateContract(parsed.positionals[0], {
    root,
    cwd,
    build: !parsed.values["no-build"],
  });
  console.log(result.summary);
  if (result.changesetPath === undefined) {
    console.log("\nNo changeset written: the contract has no change to release.");
  } else {
    console.log(`\nWrote ${relative(root, result.changesetPath)}:`);
    for (const release of result.releases) console.log(`  ${release.name}: ${release.bump}`);
  }
} catch (error) {
  if (error instanceof ContractError) {
    console.error(`${error.message}\nNothing was changed.`);
  } else {
    console.error(error.message);
    if (error.cause) console.error(error.cause);
  }
  process.exit(1);
}
