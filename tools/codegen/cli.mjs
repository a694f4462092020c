#!/usr/bin/env node
// anthale-codegen generate | check
//   generate: writes packages/client/src/generated/schema.ts from openapi/anthale.yaml
//   check:    fails when the committed file differs from what generate would write
import { readFile, writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { generatedPath, generateTypes, repositoryRoot } from "./generate.mjs";

const command = process.argv[2];
const shown = relative(repositoryRoot, generatedPath);

if (command === "generate") {
  await writeFile(generatedPath, await generateTypes());
  console.log(`wrote ${shown}`);
} else if (command === "check") {
  const expected = await generateTypes();
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
