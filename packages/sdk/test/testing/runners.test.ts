// The testing kit, built with the package's own tsup options, runs under the other test runners an
// application may use: node:test (ES modules) and jest (CommonJS), each on a small fixture that
// tests guard handling with it. Under node:test, no timer is left once the tests ran.
import { execFile } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build, type Options } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { javascriptBuild, writeCommonJsEntry } from "../../tsup.config.js";

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
// Inside the package, so the build's imports of its dependencies resolve as the real dist's do.
const outDir = join(packageRoot, "node_modules", ".cache", `testing-runners-${process.pid}`);
const env = { ...process.env, ANTHALE_SDK_DIST: outDir, NODE_OPTIONS: "" };

beforeAll(async () => {
  const options: Options = {
    ...javascriptBuild,
    config: false,
    outDir,
    sourcemap: false,
    silent: true,
    onSuccess: () => writeCommonJsEntry(outDir),
  };
  await mkdir(outDir, { recursive: true });
  await build(options);
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe("the built testing kit", () => {
  it("passes its fixture under node:test, leaving no timer", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--test", "--test-reporter=tap", join(fixtures, "kit.node-test.mjs")],
      { cwd: packageRoot, env },
    );
    expect(stdout).toMatch(/^# pass 5$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
    expect(stdout).toContain("ACTIVE_TIMERS=0");
  }, 60_000);

  it("passes its fixture under jest", async () => {
    const jest = createRequire(import.meta.url).resolve("jest/bin/jest");
    const config = JSON.stringify({
      rootDir: fixtures,
      testMatch: ["**/kit.jest.test.cjs"],
      testEnvironment: "node",
      transform: {},
      cacheDirectory: join(outDir, "jest-cache"),
    });
    const { stdout, stderr } = await run(
      process.execPath,
      [jest, "--config", config, "--ci", "--json"],
      { cwd: packageRoot, env },
    );
    const report = JSON.parse(stdout) as { numPassedTests: number; numFailedTests: number };
    expect({ passed: report.numPassedTests, failed: report.numFailedTests }, stderr).toEqual({
      passed: 4,
      failed: 0,
    });
  }, 120_000);
});
