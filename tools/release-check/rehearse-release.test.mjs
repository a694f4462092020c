import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cloneRepository,
  dryRunPublish,
  publishedPackages,
  readManifest,
  setChangesets,
  versionPackages,
} from "./rehearse-release.mjs";

let clone;
let before;
let published;

function bump(version, kind) {
  const [major, minor, patch] = version.split(".").map(Number);
  if (kind === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

beforeAll(async () => {
  clone = await cloneRepository();
  before = {
    client: (await readManifest(clone, publishedPackages["@anthale/client"])).version,
    sdk: (await readManifest(clone, publishedPackages["@anthale/sdk"])).version,
  };
  await setChangesets(clone, {
    "client-feature.md": '---\n"@anthale/client": minor\n---\n\nThe client learned a new trick.\n',
    "sdk-fix.md": '---\n"@anthale/sdk": patch\n---\n\nThe SDK fixed a small bug.\n',
  });
  await versionPackages(clone);
  published = await dryRunPublish(clone);
}, 300_000);

afterAll(async () => {
  if (clone) await rm(clone, { recursive: true, force: true });
});

describe("a release rehearsal in a temporary clone", () => {
  it("bumps versions as the changesets say", async () => {
    expect((await readManifest(clone, "packages/client")).version).toBe(
      bump(before.client, "minor"),
    );
    expect((await readManifest(clone, "packages/sdk")).version).toBe(bump(before.sdk, "patch"));
  });

  it("writes CHANGELOG entries", async () => {
    const clientLog = await readFile(join(clone, "packages/client/CHANGELOG.md"), "utf8");
    const sdkLog = await readFile(join(clone, "packages/sdk/CHANGELOG.md"), "utf8");
    expect(clientLog).toContain(`## ${bump(before.client, "minor")}`);
    expect(clientLog).toContain("The client learned a new trick.");
    expect(sdkLog).toContain("The SDK fixed a small bug.");
    expect(sdkLog).toContain(`@anthale/client@${bump(before.client, "minor")}`);
  });

  it("consumes the changesets", async () => {
    await expect(readFile(join(clone, ".changeset/sdk-fix.md"), "utf8")).rejects.toThrow();
  });

  it("rewrites the internal workspace range to the released version", () => {
    const manifest = published["@anthale/sdk"].manifest;
    expect(manifest.dependencies["@anthale/client"]).toBe(`^${bump(before.client, "minor")}`);
    expect(JSON.stringify(manifest)).not.toContain("workspace:");
  });

  it("refuses to release the versioned clone before its changes are committed", async () => {
    const failure = await promisify(execFile)(
      "node",
      [fileURLToPath(new URL("./release.mjs", import.meta.url)), "--dry-run"],
      { cwd: clone },
    ).catch((error) => error);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^release refused: the working tree is not clean \(/);
    expect(failure.stdout).not.toContain("would run");
  });

  for (const name of Object.keys(publishedPackages)) {
    it(`publishes ${name} with built files and no tests or sources`, () => {
      const { files } = published[name];
      expect(files).toContain("package.json");
      expect(files).toContain("README.md");
      expect(files).toContain("CHANGELOG.md");
      for (const entry of [
        "dist/index.js",
        "dist/index.cjs",
        "dist/index.d.ts",
        "dist/index.d.cts",
      ]) {
        expect(files).toContain(entry);
      }
      const unwanted = files.filter(
        (file) =>
          /\.test\.|(^|\/)(src|test|tests|fixtures)\//.test(file) ||
          /tsconfig|vitest|tsup|\.turbo/.test(file),
      );
      expect(unwanted).toEqual([]);
    });
  }
});
