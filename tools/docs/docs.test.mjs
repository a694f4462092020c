// `pnpm docs` builds the API reference of @anthale/client and @anthale/sdk with the root
// typedoc.json, which turns a missing doc comment on any export into an error.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const typedoc = fileURLToPath(new URL("./node_modules/typedoc/bin/typedoc", import.meta.url));
const fixture = fileURLToPath(new URL("./fixture-undocumented/", import.meta.url));
let out;
const site = () => join(out, "site");

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "anthale-docs-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const typedocRun = (args, cwd) =>
  run(process.execPath, [typedoc, ...args], { cwd, maxBuffer: 32 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ ok: true, output: stdout + stderr }),
    (error) => ({ ok: false, output: `${error.stdout}${error.stderr}` }),
  );

describe("the API reference", () => {
  it("builds for both packages with every export documented", async () => {
    const result = await typedocRun(["--out", site()], root);
    expect(result.output).not.toMatch(/\[warning\]|\[error\]/);
    expect(result.ok).toBe(true);
  }, 900_000);

  it("titles each page of an entry point by its import path", async () => {
    const titles = [];
    for (const file of await readdir(join(site(), "modules"))) {
      const page = await readFile(join(site(), "modules", file), "utf8");
      titles.push(page.match(/<title>([^|<]+) \|/)?.[1]);
    }
    expect(titles).toEqual(
      expect.arrayContaining([
        "@anthale/client",
        "@anthale/sdk",
        "@anthale/sdk/openai",
        "@anthale/sdk/anthropic",
        "@anthale/sdk/google",
        "@anthale/sdk/langchain",
        "@anthale/sdk/ai-sdk",
        "@anthale/sdk/testing",
        "Shared integration types",
      ]),
    );
    expect(titles.filter((title) => /integrations\/|^index$/.test(title ?? ""))).toEqual([]);
  });

  it("opens on a landing page for users: install, a first call, a link to every entry point", async () => {
    const index = await readFile(join(site(), "index.html"), "utf8");
    const text = index.replace(/<[^>]+>/g, "");
    expect(text).toContain("npm install @anthale/sdk");
    expect(text).toContain("anthale.organizations.policies.enforce(");
    const linked = [...index.matchAll(/href="(modules\/[^"]+)"/g)].map((match) => match[1]);
    const modules = (await readdir(join(site(), "modules"))).map((file) => `modules/${file}`);
    const entryPages = modules.filter((page) => page !== "modules/_anthale_sdk.html");
    expect(new Set(linked)).toEqual(new Set(entryPages));
  });

  it("documents the shared integration types once, on their own page", async () => {
    const shared = await readFile(
      join(site(), "modules", "_anthale_sdk.Shared_integration_types.html"),
      "utf8",
    );
    for (const name of ["GuardOptions", "Decision", "StreamMode", "policyViolationOf"]) {
      expect(shared).toContain(name);
    }
    const pages = [
      ...(await readdir(join(site(), "interfaces"))),
      ...(await readdir(join(site(), "types"))),
      ...(await readdir(join(site(), "functions"))),
    ];
    const pagesOfShared = pages.filter((page) =>
      /\.(GuardOptions|Decision|StreamMode|policyViolationOf)\.html$/.test(page),
    );
    expect(pagesOfShared.sort()).toEqual([
      "_anthale_sdk.Shared_integration_types.Decision.html",
      "_anthale_sdk.Shared_integration_types.GuardOptions.html",
      "_anthale_sdk.Shared_integration_types.StreamMode.html",
      "_anthale_sdk.Shared_integration_types.policyViolationOf.html",
    ]);
  });

  it("leaves out the contract's empty generated maps ($defs, webhooks)", async () => {
    const types = await readdir(join(site(), "types"));
    expect(types.filter((page) => /_defs|webhooks/.test(page))).toEqual([]);
    const client = await readFile(join(site(), "modules", "_anthale_client.html"), "utf8");
    expect(client).not.toMatch(/\$defs|>webhooks</);
    expect(types).toContain("_anthale_client.PolicyEnforcementResult.html");
  });

  it("fails on an exported symbol without a doc comment", async () => {
    const result = await typedocRun(
      [
        "--options",
        join(root, "typedoc.json"),
        "--entryPointStrategy",
        "resolve",
        "--entryPoints",
        join(fixture, "src/index.ts"),
        "--tsconfig",
        join(fixture, "tsconfig.json"),
        "--out",
        join(out, "fixture"),
      ],
      fixture,
    );
    expect(result.output).toContain("undocumented");
    expect(result.output).toMatch(/does not have any documentation/);
    expect(result.ok).toBe(false);
  }, 120_000);
});
