#!/usr/bin/env node
// anthale-spec-update <path-or-url> [--root DIR] [--allow-broken-sdk]
//   Takes a new version of the contract: prints what changed, lints it, regenerates and builds
//   @anthale/client, says what @anthale/sdk does not expose, type-checks every package that
//   depends on the client and runs the SDK's contract tests against it, then writes a changeset
//   per package. Refuses (and puts everything back) when a check fails.
//   --root DIR:          update the repository at DIR instead of this one
//   --allow-broken-sdk:  accept the contract even though the SDK fails against it, with a warning
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { repositoryRoot } from "@anthale/codegen/generate.mjs";
import { ContractError } from "./load-contract.mjs";
import { updateContract } from "./update-contract.mjs";

const usage = "usage: pnpm spec:update <path-or-url> [--root DIR] [--allow-broken-sdk]";

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { root: { type: "string" }, "allow-broken-sdk": { type: "boolean" } },
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
    allowBrokenSdk: parsed.values["allow-broken-sdk"] === true,
    report: (text) => console.log(`${text}\n`),
  });
  if (result.warning !== undefined) console.error(`${result.warning}\n`);
  if (result.changesetPaths.length === 0) {
    console.log("Accepted. No changeset written: the contract has no change to release.");
  } else {
    console.log("Accepted. Wrote:");
    for (const [index, path] of result.changesetPaths.entries()) {
      const release = result.releases[index];
      console.log(`  ${relative(root, path)}  ${release.name}: ${release.bump}`);
    }
  }
  if (result.warning !== undefined) console.error(result.warning);
} catch (error) {
  if (error instanceof ContractError) {
    console.error(`${error.message}\nNothing was changed.`);
  } else {
    console.error(error.message);
    if (error.cause) console.error(error.cause);
  }
  process.exit(1);
}
