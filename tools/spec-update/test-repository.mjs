// Test support: a throwaway copy of the files the contract update reads and writes, and edited
// variants of the real contract. Tests never touch the repository's own files.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { repositoryRoot } from "@anthale/codegen/generate.mjs";
import { diffContract } from "./diff-contract.mjs";

const copied = [
  "openapi/anthale.yaml",
  ".changeset/config.json",
  "packages/client/src/generated/schema.ts",
  "packages/client/package.json",
  "packages/sdk/package.json",
];

/**
 * Copies the contract, the changeset config, the generated types and the package manifests into a
 * new temporary folder laid out like the repository.
 * @returns {Promise<{ root: string, remove: () => Promise<void> }>} the copy, and how to delete it
 */
export async function copyRepository() {
  const root = await mkdtemp(join(tmpdir(), "anthale-spec-update-"));
  for (const file of copied) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await cp(join(repositoryRoot, file), join(root, file));
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Reads every file under a folder.
 * @param {string} root the folder
 * @returns {Promise<Record<string, string>>} the contents by path relative to `root`
 */
export async function snapshot(root) {
  const files = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path)] = await readFile(path, "utf8");
  }
  return files;
}

/** The real contract's text. */
export function realContract() {
  return readFile(join(repositoryRoot, "openapi/anthale.yaml"), "utf8");
}

/**
 * Diffs `contract` against a copy changed by `edit`, keeping only what matters to a test: each
 * change's kind, level and location.
 * @param {object} contract a parsed contract
 * @param {(copy: object) => void} edit changes the copy in place
 */
export function diffAfter(contract, edit) {
  const after = structuredClone(contract);
  edit(after);
  return diffContract(contract, after).map(({ kind, level, location }) => ({
    kind,
    level,
    location,
  }));
}

/**
 * Writes a variant of the real contract, made by replacing text in it.
 * @param {string} folder where to write it
 * @param {string} name the file name
 * @param {[string, string][]} edits each `[search, replacement]`; every search must occur once
 * @returns {Promise<string>} the variant's path
 */
export async function writeVariant(folder, name, edits) {
  let text = await realContract();
  for (const [search, replacement] of edits) {
    if (text.split(search).length !== 2) throw new Error(`"${search}" must occur exactly once`);
    text = text.replace(search, replacement);
  }
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/**
 * Parses a changeset's front matter.
 * @param {string} text the changeset file's text
 * @returns {Record<string, string>} the bump of each package
 */
export function changesetBumps(text) {
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? "";
  return Object.fromEntries(
    front
      .split("\n")
      .map((line) => /^"(.+)": (major|minor|patch)$/.exec(line))
      .filter(Boolean)
      .map((match) => [match[1], match[2]]),
  );
}
