import { rm } from "node:fs/promises";
import { startMockServer } from "@anthale/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmokeApp } from "./pack-app.mjs";
import { currentNode, runCheck } from "./smoke-checks.mjs";

let app;
let mock;

beforeAll(async () => {
  [app, mock] = await Promise.all([createSmokeApp(), startMockServer()]);
}, 240_000);

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
