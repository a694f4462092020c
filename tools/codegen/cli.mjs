#!/usr/bin/env node
// anthale-codegen generate | check [--contract PATH]
//   generate: writes packages/client/src/generated/schema.ts from openapi/anthale.yaml
//   check:    fails when the committed file differs from what generate would write
//   --contract: read another OpenAPI document instead of openapi/anthale.yaml
import { readFile, writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { generatedPath, generateTypes, repositoryRoot } from "./generate.mjs";

const command = process.argv[2];
const contractFlag = process.argv.indexOf("--contract");
const contract = contractFlag > 0 ? process.argv[contractFlag + 1] : undefined;
const shown = relative(repositoryRoot, generatedPath);

if (command === "generate") {
  await writeFile(generatedPath, await generateTypes(contract));
  console.log(`wrote ${shown}`);
} else if (command === "check") {
  const expected = await generateTypes(contract);
  const actual = await readFile(generatedPath, "utf8").catch(() => "");
  if (actual !== expected) {
    console.error(
      `${shown} is out of date with openapi/anthale.yaml.\nRun \`pnpm generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`${shown} is up to date with openapi/anthale.yaml`);
} else {
  console.error("usage: anthale-codegen generate | check");
  process.exit(2);
}
