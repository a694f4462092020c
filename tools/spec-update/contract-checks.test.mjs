import { repositoryRoot } from "@anthale/codegen/generate.mjs";
import { describe, expect, it } from "vitest";
import { dependentsOfClient, workspacePackages } from "./contract-checks.mjs";

const entry = (name, uses = []) => ({ name, folder: name, scripts: {}, uses: new Set(uses) });

describe("dependentsOfClient", () => {
  it("orders the packages that depend on the client by distance, each once", () => {
    const packages = [
      entry("@anthale/client"),
      entry("example", ["@anthale/sdk"]),
      entry("@anthale/sdk", ["@anthale/client"]),
      entry("bench", ["@anthale/client", "@anthale/sdk"]),
      entry("docs-site", ["example"]),
      entry("unrelated", ["yaml"]),
    ];
    const names = dependentsOfClient(packages).map((level) => level.map((pkg) => pkg.name));
    expect(names).toEqual([["@anthale/sdk", "bench"], ["example"], ["docs-site"]]);
  });

  it("finds the SDK first and the examples after it in this workspace", async () => {
    const levels = dependentsOfClient(await workspacePackages(repositoryRoot));
    const names = levels.map((level) => level.map((pkg) => pkg.name));
    expect(names[0]).toContain("@anthale/sdk");
    expect(names[1]).toContain("@anthale/example-direct-sdk");
    expect(names.flat()).not.toContain("@anthale/client");
  });
});
