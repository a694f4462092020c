// Test support: a throwaway workspace in which `pnpm spec:update` can run every check for real:
// the contract (the frozen fixture `fixtures/base.yaml`), the client's and the SDK's sources,
// tests and configurations, and the Prism mock server, laid out like the repository. Each
// package's node_modules is a folder of links to the repository's installed dependencies, except
// the workspace's own packages, which link to the copies, so the SDK compiles against the copied
// client and its tests start Prism over the copied contract. The repository is never written.
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { generateTypes, repositoryRoot } from "@anthale/codegen/generate.mjs";
import { fixture } from "./test-repository.mjs";

const copied = [
  "openapi/.spectral.yaml",
  "tsconfig.base.json",
  ".changeset/config.json",
  "packages/client/src",
  "packages/client/package.json",
  "packages/client/tsconfig.json",
  "packages/client/tsconfig.build.json",
  "packages/client/tsup.config.ts",
  "packages/sdk/src",
  "packages/sdk/test",
  "packages/sdk/package.json",
  "packages/sdk/tsconfig.json",
  "packages/sdk/tsconfig.build.json",
  "packages/sdk/tsup.config.ts",
  "packages/sdk/vitest.config.ts",
  "tools/mock-server/index.mjs",
  "tools/mock-server/index.d.mts",
  "tools/mock-server/vitest-setup.mjs",
  "tools/mock-server/vitest-setup.d.mts",
  "tools/mock-server/package.json",
];

/** The workspace's own packages, which a copy's node_modules links to the copies of. */
const ownPackages = {
  "@anthale/client": "packages/client",
  "@anthale/mock-server": "tools/mock-server",
};

/**
 * Links every dependency of a package of the repository into the copy's node_modules.
 * @param {string} root the copy
 * @param {string} folder the package's folder
 */
async function linkDependencies(root, folder) {
  const from = join(repositoryRoot, folder, "node_modules");
  const to = join(root, folder, "node_modules");
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from)) {
    if (entry.startsWith(".") && entry !== ".bin") continue;
    if (!entry.startsWith("@")) {
      await symlink(await realpath(join(from, entry)), join(to, entry));
      continue;
    }
    await mkdir(join(to, entry));
    for (const name of await readdir(join(from, entry))) {
      const own = ownPackages[`${entry}/${name}`];
      const target = own === undefined ? await realpath(join(from, entry, name)) : join(root, own);
      await symlink(target, join(to, entry, name));
    }
  }
}

/**
 * A new workspace whose contract is `fixtures/base.yaml`, with the client's types generated from
 * it (the client is not built yet: the first update builds it).
 * @returns {Promise<{ root: string, reset: () => Promise<void>, remove: () => Promise<void> }>}
 *   the workspace; `reset` puts back the base contract, its generated types and no changeset
 */
export async function createWorkspace() {
  const root = await mkdtemp(join(tmpdir(), "anthale-spec-workspace-"));
  for (const path of copied) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await cp(join(repositoryRoot, path), join(root, path), { recursive: true });
  }
  for (const folder of ["packages/client", "packages/sdk", "tools/mock-server"]) {
    await linkDependencies(root, folder);
  }
  await writeFile(
    join(root, "pnpm-workspace.yaml"),
    "packages:\n  - packages/*\n  - tools/mock-server\n",
  );
  const contract = join(root, "openapi/anthale.yaml");
  const generated = join(root, "packages/client/src/generated/schema.ts");
  const base = await fixture("base.yaml");
  const reset = async () => {
    await writeFile(contract, base);
    await writeFile(generated, await generateTypes(contract));
    for (const name of await readdir(join(root, ".changeset"))) {
      if (name !== "config.json") await rm(join(root, ".changeset", name));
    }
  };
  await reset();
  return { root, reset, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * The workspace's files that an update may change, to compare before and after.
 * @param {string} root the workspace
 * @returns {Promise<Record<string, string>>}
 */
export async function updatableFiles(root) {
  const files = {};
  for (const path of ["openapi/anthale.yaml", "packages/client/src/generated/schema.ts"]) {
    files[path] = await readFile(join(root, path), "utf8");
  }
  files[".changeset"] = (await readdir(join(root, ".changeset"))).sort().join("\n");
  return files;
}
