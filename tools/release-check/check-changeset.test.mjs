import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  findMissingChangesets,
  packagesInChangeset,
  releasedPackageFolder,
} from "./check-changeset.mjs";
import { createTempRepo } from "./temp-repo.mjs";

const exec = promisify(execFile);
const script = fileURLToPath(new URL("./check-changeset.mjs", import.meta.url));

let repo;
afterEach(async () => {
  await repo?.remove();
  repo = undefined;
});

/** A repository with two packages on main and a feature branch checked out. */
async function featureBranch() {
  repo = await createTempRepo({
    "packages/sdk/package.json": '{ "name": "@anthale/sdk" }\n',
    "packages/sdk/src/index.ts": "export const a = 1;\n",
    "packages/client/package.json": '{ "name": "@anthale/client" }\n',
    "packages/client/src/index.ts": "export const b = 1;\n",
    "tools/build.mjs": "// build\n",
    ".changeset/README.md": "Changesets live here.\n",
  });
  await repo.git("switch", "--quiet", "-c", "feature");
  return repo;
}

const sdkPatch = '---\n"@anthale/sdk": patch\n---\n\nFixes a bug.\n';

describe("findMissingChangesets", () => {
  it("refuses a package change without a changeset, naming the package", async () => {
    await featureBranch();
    await repo.write({ "packages/sdk/src/index.ts": "export const a = 2;\n" });
    await repo.commitAll("change the sdk");
    await expect(findMissingChangesets(repo.dir, "main")).resolves.toEqual(["@anthale/sdk"]);
  });

  it("passes a package change with a changeset naming the package", async () => {
    await featureBranch();
    await repo.write({
      "packages/sdk/src/index.ts": "export const a = 2;\n",
      ".changeset/fix-a.md": sdkPatch,
    });
    await repo.commitAll("change the sdk with a changeset");
    await expect(findMissingChangesets(repo.dir, "main")).resolves.toEqual([]);
  });

  it("passes a change to tools only", async () => {
    await featureBranch();
    await repo.write({ "tools/build.mjs": "// build, faster\n" });
    await repo.commitAll("change a tool");
    await expect(findMissingChangesets(repo.dir, "main")).resolves.toEqual([]);
  });

  it("refuses when the changeset names another package", async () => {
    await featureBranch();
    await repo.write({
      "packages/client/package.json": '{ "name": "@anthale/client", "version": "1.0.0" }\n',
      "packages/sdk/README.md": "New docs.\n",
      ".changeset/fix-a.md": sdkPatch,
    });
    await repo.commitAll("change both, describe one");
    await expect(findMissingChangesets(repo.dir, "main")).resolves.toEqual(["@anthale/client"]);
  });

  it("passes an empty changeset, which says nothing is released", async () => {
    await featureBranch();
    await repo.write({
      "packages/sdk/src/index.ts": "export const a = 2;\n",
      ".changeset/nothing.md": "---\n---\n",
    });
    await repo.commitAll("internal change");
    await expect(findMissingChangesets(repo.dir, "main")).resolves.toEqual([]);
  });

  it("does not count an edited changeset README or a changeset already on main", async () => {
    await featureBranch();
    await repo.git("switch", "--quiet", "main");
    await repo.write({ ".changeset/old.md": sdkPatch });
    await repo.commitAll("an earlier change");
    await repo.git("switch", "--quiet", "feature");
    await repo.git("merge", "--quiet", "main");
    await repo.write({
      "packages/sdk/src/index.ts": "export const a = 3;\n",
      ".changeset/README.md": "Edited.\n",
    });
    await repo.commitAll("change the sdk again");
    await expect(findMissingChangesets(repo.dir, "main")).resolves.toEqual(["@anthale/sdk"]);
  });

  it("compares with the merge base, so later changes on main do not count", async () => {
    await featureBranch();
    await repo.write({ "tools/build.mjs": "// build, faster\n" });
    await repo.commitAll("change a tool");
    await repo.git("switch", "--quiet", "main");
    await repo.write({ "packages/sdk/src/index.ts": "export const a = 9;\n" });
    await repo.commitAll("main moves on");
    await repo.git("switch", "--quiet", "feature");
    await expect(findMissingChangesets(repo.dir, "main")).resolves.toEqual([]);
  });
});

describe("the parts", () => {
  it("count sources, tests beside them, the manifest and the README, nothing else", () => {
    expect(releasedPackageFolder("packages/sdk/src/a/b.ts")).toBe("sdk");
    expect(releasedPackageFolder("packages/sdk/src/b.test.ts")).toBe("sdk");
    expect(releasedPackageFolder("packages/client/package.json")).toBe("client");
    expect(releasedPackageFolder("packages/client/README.md")).toBe("client");
    expect(releasedPackageFolder("packages/sdk/tsconfig.json")).toBeUndefined();
    expect(releasedPackageFolder("packages/sdk/test/x.ts")).toBeUndefined();
    expect(releasedPackageFolder("tools/pack-smoke/src/a.ts")).toBeUndefined();
  });

  it("read the package names of a changeset's front matter", () => {
    expect(
      packagesInChangeset("---\n\"@anthale/sdk\": major\n'@anthale/client': minor\n---\n"),
    ).toEqual(["@anthale/sdk", "@anthale/client"]);
    expect(packagesInChangeset("---\n---\n")).toEqual([]);
  });
});

describe("the command", () => {
  it("exits 1 naming the package when the changeset is missing", async () => {
    await featureBranch();
    await repo.write({ "packages/sdk/src/index.ts": "export const a = 2;\n" });
    await repo.commitAll("change the sdk");
    const failure = await exec("node", [script, "--base", "main"], { cwd: repo.dir }).catch(
      (error) => error,
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^changeset missing: this change touches @anthale\/sdk /);
  });

  it("exits 0 when covered", async () => {
    await featureBranch();
    await repo.write({
      "packages/sdk/src/index.ts": "export const a = 2;\n",
      ".changeset/fix-a.md": sdkPatch,
    });
    await repo.commitAll("change the sdk with a changeset");
    await expect(exec("node", [script, "--base", "main"], { cwd: repo.dir })).resolves.toBeTruthy();
  });

  it("exits 1 without --base or with an unknown base", async () => {
    await featureBranch();
    const noBase = await exec("node", [script], { cwd: repo.dir }).catch((error) => error);
    expect(noBase.code).toBe(1);
    expect(noBase.stderr).toContain("usage: check-changeset.mjs --base <ref>");
    const unknown = await exec("node", [script, "--base", "nowhere"], { cwd: repo.dir }).catch(
      (error) => error,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("changeset check failed");
  });
});
