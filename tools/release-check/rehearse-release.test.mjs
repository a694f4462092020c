import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCaptureRegistry } from "./capture-registry.mjs";
import { breakingHeading } from "./hoist-breaking.mjs";
import {
  cloneRepository,
  commitVersions,
  publishedPackagesOf,
  readManifest,
  readTarball,
  releaseToRegistry,
  setChangesets,
  useBareOrigin,
  versionPackages,
} from "./rehearse-release.mjs";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));

let clone;
let bare;
let registry;
let published;
let before;
let steps;
let refusal;
const tarballs = {};

function bump(version, kind) {
  const [major, minor, patch] = version.split(".").map(Number);
  if (kind === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

beforeAll(async () => {
  clone = await cloneRepository();
  published = await publishedPackagesOf(clone);
  before = {};
  for (const [name, folder] of Object.entries(published)) {
    before[name] = (await readManifest(clone, folder)).version;
  }
  const changesets = {
    "client-feature.md": '---\n"@anthale/client": minor\n---\n\nThe client learned a new trick.\n',
    "sdk-fix.md": '---\n"@anthale/sdk": patch\n---\n\nThe SDK fixed a small bug.\n',
    "sdk-break.md":
      '---\n"@anthale/sdk": minor\n---\n\n**Breaking changes:** an option was renamed.\n',
  };
  await setChangesets(clone, changesets);
  await versionPackages(clone);
  // The versioned clone is not committed yet: `pnpm release` must refuse it.
  refusal = await exec("node", [join(clone, "tools/release-check/release.mjs"), "--dry-run"], {
    cwd: clone,
  }).catch((error) => error);
  await commitVersions(clone);
  bare = await useBareOrigin(clone);
  registry = await startCaptureRegistry();
  steps = await releaseToRegistry(clone, registry.url);
  for (const upload of registry.uploads) {
    tarballs[upload.name] = await readTarball(upload.tarball, clone);
  }
}, 1_800_000);

afterAll(async () => {
  await registry?.stop();
  for (const dir of [clone, bare]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a release rehearsal against a local registry", () => {
  it("finds the published packages", () => {
    expect(Object.keys(published)).toEqual(
      expect.arrayContaining(["@anthale/client", "@anthale/sdk"]),
    );
  });

  it("refuses to release the versioned clone before its changes are committed", () => {
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toMatch(/^release refused: the working tree is not clean \(/);
    expect(refusal.stdout).not.toContain("would run");
  });

  it("runs the release's steps in order (the tests are the suite running this)", () => {
    expect(steps).toEqual([
      "pnpm test",
      "pnpm exec turbo run build --filter=./packages/*",
      "pnpm exec changeset publish",
      "git push --follow-tags origin main",
    ]);
  });

  it("bumps versions as the changesets say and writes CHANGELOG entries", async () => {
    const client = before["@anthale/client"];
    expect((await readManifest(clone, "packages/client")).version).toBe(bump(client, "minor"));
    expect((await readManifest(clone, "packages/sdk")).version).toBe(
      bump(before["@anthale/sdk"], "minor"),
    );
    const sdkLog = await readFile(join(clone, "packages/sdk/CHANGELOG.md"), "utf8");
    expect(sdkLog).toContain("The SDK fixed a small bug.");
    // The breaking change comes first in the new version, under its own heading.
    const newest = sdkLog.slice(sdkLog.indexOf("## "));
    expect(newest.split("\n").filter(Boolean).slice(1, 3)).toEqual([
      breakingHeading,
      expect.stringMatching(
        /^- (?:[0-9a-f]+: )?\*\*Breaking changes:\*\* an option was renamed\.$/,
      ),
    ]);
    expect(sdkLog).toContain(`@anthale/client@${bump(client, "minor")}`);
  });

  it("uploads every published package once, with a token, under latest", async () => {
    expect(registry.uploads.map((upload) => upload.name).sort()).toEqual(
      Object.keys(published).sort(),
    );
    for (const upload of registry.uploads) {
      expect(upload.authorized).toBe(true);
      expect(upload.tag).toBe("latest");
      expect(upload.version).toBe((await readManifest(clone, published[upload.name])).version);
    }
  });

  it("pushes main and one tag per published package to the remote", async () => {
    const { stdout } = await exec("git", ["ls-remote", "--heads", "--tags", bare]);
    for (const upload of registry.uploads) {
      expect(stdout).toContain(`refs/tags/${upload.name}@${upload.version}`);
    }
    const { stdout: head } = await exec("git", ["rev-parse", "HEAD"], { cwd: clone });
    expect(stdout).toContain(`${head.trim()}\trefs/heads/main`);
  });

  it("uploads the internal dependency at its released version, never a workspace range", () => {
    for (const upload of registry.uploads) {
      expect(JSON.stringify(upload.manifest)).not.toContain("workspace:");
      expect(JSON.stringify(tarballs[upload.name].manifest)).not.toContain("workspace:");
    }
    const sdk = tarballs["@anthale/sdk"].manifest;
    expect(sdk.dependencies["@anthale/client"]).toBe(
      `^${bump(before["@anthale/client"], "minor")}`,
    );
  });

  it("uploads tarballs with a LICENSE, the repository, and the homepage and bugs links", async () => {
    const rootManifest = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    for (const upload of registry.uploads) {
      const { files, manifest } = tarballs[upload.name];
      expect(files).toContain("package/LICENSE");
      expect(manifest.license).toBe("Apache-2.0");
      expect(manifest.repository).toEqual({
        type: "git",
        url: rootManifest.repository.url,
        directory: published[upload.name],
      });
      expect(manifest.homepage).toMatch(/^https:\/\/github\.com\/.+#readme$/);
      expect(manifest.bugs.url).toMatch(/^https:\/\/github\.com\/.+\/issues$/);
    }
  });

  it("uploads built files and no tests, sources or source maps", () => {
    for (const upload of registry.uploads) {
      const files = tarballs[upload.name].files.map((file) => file.replace(/^package\//, ""));
      expect(files).toContain("package.json");
      expect(files).toContain("README.md");
      expect(files.some((file) => file.startsWith("dist/"))).toBe(true);
      const unwanted = files.filter(
        (file) =>
          /\.test\.|(^|\/)(src|test|tests|fixtures)\//.test(file) ||
          /tsconfig|vitest|tsup|\.turbo|\.map$/.test(file),
      );
      expect(unwanted).toEqual([]);
    }
    for (const name of ["@anthale/client", "@anthale/sdk"]) {
      const files = tarballs[name].files;
      expect(files).toContain("package/CHANGELOG.md");
      for (const entry of ["index.js", "index.cjs", "index.d.ts", "index.d.cts"]) {
        expect(files).toContain(`package/dist/${entry}`);
      }
    }
  });
});
