// The layering rule of `.dependency-cruiser.cjs` (`pnpm lint` runs it over the SDK's source) does
// catch an upward import, a cycle and an import between frameworks in a small tree built for it.
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

async function violationsIn(
  baseDir: string,
): Promise<{ rule: string; from: string; to: string }[]> {
  const { output } = await cruise(["src"], {
    baseDir,
    validate: true,
    ruleSet: { forbidden: configuration.forbidden ?? [] },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
  });
  return (output as ICruiseResult).summary.violations.map((violation) => ({
    rule: violation.rule.name,
    from: violation.from,
    to: violation.to,
  }));
}

describe("the SDK's layering rule", () => {
  describe("on a tree that breaks it", () => {
    let root: string;
    const files: Record<string, string> = {
      "src/base/errors.ts":
        'import { send } from "../transport/send.js";\nexport const e = send;\n',
      "src/transport/send.ts": "export const send = 1;\n",
      "src/core/a.ts": 'import { b } from "./b.js";\nexport const a = b;\n',
      "src/core/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
      "src/integrations/openai/index.ts":
        'import { x } from "../anthropic/index.js";\nimport { s } from "../shared/s.js";\nexport const o = [x, s];\n',
      "src/integrations/anthropic/index.ts": "export const x = 1;\n",
      "src/integrations/shared/s.ts": "export const s = 1;\n",
    };

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), "anthale-layers-"));
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), text);
      }
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it("reports the upward import, the cycle and the import between frameworks, and nothing else", async () => {
      const violations = await violationsIn(root);
      const cycles = violations.filter(({ rule }) => rule === "no-cycle");
      expect(cycles).toHaveLength(1);
      expect([cycles[0]?.from, cycles[0]?.to].sort()).toEqual(["src/core/a.ts", "src/core/b.ts"]);
      const others = violations
        .filter(({ rule }) => rule !== "no-cycle")
        .map(({ rule, from, to }) => `${rule}: ${from} -> ${to}`);
      expect(others.sort()).toEqual([
        "no-import-between-frameworks: src/integrations/openai/index.ts -> src/integrations/anthropic/index.ts",
        "no-upward-import-from-base: src/base/errors.ts -> src/transport/send.ts",
      ]);
    });
  });
});
