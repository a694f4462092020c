// Checks that a pull request changing a package's sources, manifest or README adds a changeset
// naming that package (or an empty changeset, which says on purpose that nothing is released).
// Usage: node tools/release-check/check-changeset.mjs --base <ref>
import { pathToFileURL } from "node:url";
import { git } from "./git.mjs";

const packageFile = /^packages\/([^/]+)\/(?:src\/.+|package\.json|README\.md)$/;
const changesetFile = /^\.changeset\/[^/]+\.md$/;

/** The package folder (`packages/<folder>`) a released file belongs to, or undefined. */
export function releasedPackageFolder(path) {
  return packageFile.exec(path)?.[1];
}

/**
 * The package names a changeset's front matter bumps (`"@anthale/sdk": patch`); an empty list for
 * an empty changeset.
 */
export function packagesInChangeset(text) {
  const frontMatter = /^---\r?\n([\s\S]*?)^---/m.exec(text);
  if (!frontMatter) return [];
  const names = [];
  for (const line of frontMatter[1].split(/\r?\n/)) {
    const entry = /^\s*(["']?)(.+?)\1\s*:\s*(major|minor|patch)\s*$/.exec(line);
    if (entry) names.push(entry[2]);
  }
  return names;
}

async function packageName(cwd, folder) {
  try {
    return JSON.parse(await git(cwd, ["show", `HEAD:packages/${folder}/package.json`])).name;
  } catch {
    return `packages/${folder}`;
  }
}

/**
 * Compares HEAD with its merge base with `base` and returns the names of the changed packages that
 * no added changeset names; an empty list when the change is covered (or touches no package).
 */
export async function findMissingChangesets(cwd, base) {
  const mergeBase = await git(cwd, ["merge-base", base, "HEAD"]);
  const lines = (await git(cwd, ["diff", "--name-status", "--no-renames", mergeBase, "HEAD"]))
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split("\t"));
  const folders = new Set();
  const changesets = [];
  for (const [status, path] of lines) {
    const folder = releasedPackageFolder(path);
    if (folder) folders.add(folder);
    if (status === "A" && changesetFile.test(path) && path !== ".changeset/README.md") {
      changesets.push(path);
    }
  }
  const named = new Set();
  for (const path of changesets) {
    const names = packagesInChangeset(await git(cwd, ["show", `HEAD:${path}`]));
    if (names.length === 0) return [];
    for (const name of names) named.add(name);
  }
  const changed = await Promise.all([...folders].sort().map((folder) => packageName(cwd, folder)));
  return changed.filter((name) => !named.has(name));
}

function readBase(argv) {
  const index = argv.indexOf("--base");
  const base = index === -1 ? undefined : argv[index + 1];
  if (!base || base.startsWith("--")) throw new Error("usage: check-changeset.mjs --base <ref>");
  return base;
}

async function main() {
  try {
    const missing = await findMissingChangesets(process.cwd(), readBase(process.argv));
    if (missing.length > 0) {
      console.error(
        `changeset missing: this change touches ${missing.join(", ")} but adds no changeset ` +
          "naming it; run pnpm changeset (or pnpm changeset --empty if nothing is released)",
      );
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`changeset check failed: ${error.message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
