// Importing the core or one integration must load no other framework: follows every import that
// survives compilation (type-only imports are erased) from each entry point and lists the packages
// it reaches.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
const importPattern =
  /^(?:import|export)\s+((?:type\s+)?(?:\{[^}]*\}|[\w$]+(?:\s*,\s*\{[^}]*\})?|\*(?:\s+as\s+[\w$]+)?))\s+from\s+"([^"]+)";/gm;

function isTypeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const braces = clause.match(/^\{([\s\S]*)\}$/);
  if (!braces) return false;
  const names = (braces[1] as string)
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((name) => name.startsWith("type "));
}

function packagesReached(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(importPattern)) {
      const [, clause, specifier] = match as unknown as [string, string, string];
      if (isTypeOnly(clause.trim())) continue;
      if (specifier.startsWith("."))
        visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else packages.add(specifier);
    }
  };
  visit(resolve(src, entry));
  return packages;
}

describe("entry points load only their own framework", () => {
  const cases: [string, string[]][] = [
    ["index.ts", []],
    // The framework's public stream class, to give a guarded stream the framework's own class.
    ["integrations/openai/index.ts", ["openai/streaming"]],
    ["integrations/anthropic/index.ts", ["@anthropic-ai/sdk/streaming"]],
    ["integrations/google/index.ts", []],
    ["integrations/ai-sdk/index.ts", []],
    [
      "integrations/langchain/index.ts",
      [
        "@langchain/core/messages",
        "@langchain/core/runnables",
        "@langchain/langgraph",
        "langchain",
      ],
    ],
  ];
  for (const [entry, expected] of cases) {
    it(entry, () => {
      const frameworks = [...packagesReached(entry)].filter(
        (name) => !name.startsWith("@anthale/"),
      );
      expect(frameworks.sort()).toEqual(expected.sort());
    });
  }

  it("sees through type-only imports but not value imports", () => {
    expect(isTypeOnly("type OpenAI")).toBe(true);
    expect(isTypeOnly("{ type A, type B }")).toBe(true);
    expect(isTypeOnly("{ type A, B }")).toBe(false);
    expect(isTypeOnly("OpenAI")).toBe(false);
  });
});
