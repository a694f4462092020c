// Every workflow in .github/workflows passes action-validator; invalid workflows are rejected.
import { describe, expect, it } from "vitest";
import { listWorkflows, workflowErrors, workflowsDir } from "./validate-workflows.mjs";

const fixturesDir = new URL("./fixtures/", import.meta.url);

describe(".github/workflows", () => {
  it("holds the CI, release, snapshot and docs workflows", () => {
    expect(listWorkflows(workflowsDir)).toEqual(
      expect.arrayContaining(["ci.yml", "docs.yml", "release.yml", "snapshot.yml"]),
    );
  });

  it.each(listWorkflows(workflowsDir))("%s passes action-validator", (name) => {
    expect(workflowErrors(workflowsDir, name)).toEqual([]);
  });
});

describe("the check itself", () => {
  it("rejects a workflow with an unknown top-level key", () => {
    const errors = workflowErrors(fixturesDir, "unknown-key.yml");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join("\n")).toContain("job");
  });

  it("rejects a workflow with an unknown step key", () => {
    expect(workflowErrors(fixturesDir, "unknown-step-key.yml").length).toBeGreaterThan(0);
  });

  it("lists every fixture, so none is skipped", () => {
    expect(listWorkflows(fixturesDir)).toEqual(["unknown-key.yml", "unknown-step-key.yml"]);
  });
});
