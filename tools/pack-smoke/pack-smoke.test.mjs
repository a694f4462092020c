import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";
import { startMockServer } from "@anthale/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmokeApp } from "./pack-app.mjs";
import { currentNode, runCheck } from "./smoke-checks.mjs";

let app;
let mock;

beforeAll(async () => {
  [app, mock] = await Promise.all([createSmokeApp(), startMockServer()]);
}, 900_000);

afterAll(async () => {
  await mock?.stop();
  if (app) await rm(app, { recursive: true, force: true });
});

describe("the packed packages, installed with npm in a fresh app", () => {
  it("work from an ES module", async () => {
    const result = await runCheck("esm", currentNode, app, mock.url);
    expect(result.output).toContain("esm ok");
    expect(result.ok).toBe(true);
  });

  it("work from CommonJS", async () => {
    const result = await runCheck("cjs", currentNode, app, mock.url);
    expect(result.output).toContain("cjs ok");
    expect(result.ok).toBe(true);
  });

  it("share one core across every CommonJS entry, and require() gives the Anthale class", async () => {
    const result = await runCheck("cjs-entries", currentNode, app, mock.url);
    expect(result.output).toContain("cjs entries ok");
    expect(result.ok).toBe(true);
  });

  it("type check with tsc against their own declarations", async () => {
    const result = await runCheck("types", currentNode, app, mock.url);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });
});

describe("the packed CLI, installed with npm in a fresh app", () => {
  const npx = (args, env = {}) =>
    promisify(execFile)("npx", ["--no-install", "anthale", ...args], {
      cwd: app,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });

  it("runs `npx anthale --help` and `npx anthale check --help`", async () => {
    const help = await npx(["--help"]);
    expect(help.stdout).toMatch(/check \[options\] \[text\]/);
    expect(help.stdout).toMatch(/eval \[options\] <dataset>/);
    const check = await npx(["check", "--help"]);
    expect(check.stdout).toContain("--policy <id>");
    expect(check.stdout).toContain("Exit codes:");
  });

  it("checks a text against the mock with the installed binary", async () => {
    const { stdout } = await npx(
      ["check", "--policy", "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44", "Hello"],
      {
        ANTHALE_API_KEY: "sk-smoke-test",
        ANTHALE_BASE_URL: mock.url,
      },
    );
    expect(stdout).toMatch(/^Action: ALLOW/);
  });
});
