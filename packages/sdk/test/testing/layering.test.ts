// Where the testing kit sits in the layering rule of `.dependency-cruiser.cjs`: above core (it may
// import the client), beside the integrations (it may not import them), and imported by no
// published module, the integrations and the public entry included. Checked on a small tree.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const configuration = createRequire(import.meta.url)(
  join(packageRoot, ".dependency-cruiser.cjs"),
) as IConfiguration;

const files: Record<string, string> = {
  "src/core/anthale.ts": "export const Anthale = 1;\n",
  "src/core/leak.ts": 'import { kit } from "../testing/kit.js";\nexport const leak = kit;\n',
  "src/testing/kit.ts":
    'import { Anthale } from "../core/anthale.js";\nimport { s } from "../integrations/shared/s.js";\nexport const kit = [Anthale, s];\n',
  "src/testing/kit.test.ts": 'import { kit } from "./kit.js";\nexport const t = kit;\n',
  "src/integrations/shared/s.ts": "export const s = 1;\n",
  "src/integrations/openai/index.ts":
    'import { kit } from "../../testing/kit.js";\nexport const o = kit;\n',
  "src/index.ts": 'import { kit } from "./testing/kit.js";\nexport const i = kit;\n',
};

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "anthale-testing-layer-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("the testing layer", () => {
  it("may import core; may not import the integrations; nothing published imports it", async () => {
    const { output } = await cruise(["src"], {
      baseDir: root,
      validate: true,
      ruleSet: { forbidden: configuration.forbidden ?? [] },
      exclude: { path: "\\.test\\.ts$" },
      tsPreCompilationDeps: true,
    });
    const violations = (output as ICruiseResult).summary.violations
      .map(({ rule, from, to }) => `${rule.name}: ${from} -> ${to}`)
      .sort();
    expect(violations).toEqual([
      "no-import-of-testing: src/core/leak.ts -> src/testing/kit.ts",
      "no-import-of-testing: src/index.ts -> src/testing/kit.ts",
      "no-import-of-testing: src/integrations/openai/index.ts -> src/testing/kit.ts",
      "no-upward-import-from-core: src/core/leak.ts -> src/testing/kit.ts",
      "no-upward-import-from-testing: src/testing/kit.ts -> src/integrations/shared/s.ts",
    ]);
  });
});
