// Test support: the frozen fixture contracts (fixtures/), a throwaway copy of the files the
// contract update reads and writes, and edited variants of the base fixture. Tests never touch
// the repository's own files; only contract-specific tests read the live contract.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { generateTypes, repositoryRoot } from "@anthale/codegen/generate.mjs";
import { diffContract } from "./diff-contract.mjs";

const copied = [
  ".changeset/config.json",
  "packages/client/package.json",
  "packages/sdk/package.json",
];

/** The folder of the frozen fixture contracts. */
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

/**
 * The text of a fixture contract.
 * @param {string} name its file name in fixtures/ (`base.yaml`, `new-action.yaml`...)
 * @returns {Promise<string>}
 */
export function fixture(name) {
  return readFile(join(fixtures, name), "utf8");
}

/**
 * The path of a fixture contract.
 * @param {string} name its file name in fixtures/
 * @returns {string}
 */
export function fixturePath(name) {
  return join(fixtures, name);
}

/**
 * Copies the changeset config and the package manifests into a new temporary folder laid out like
 * the repository, with `fixtures/base.yaml` as its contract and its generated types.
 * @returns {Promise<{ root: string, remove: () => Promise<void> }>} the copy, and how to delete it
 */
export async function copyRepository() {
  const root = await mkdtemp(join(tmpdir(), "anthale-spec-update-"));
  for (const file of copied) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await cp(join(repositoryRoot, file), join(root, file));
  }
  await mkdir(join(root, "openapi"));
  await writeFile(join(root, "openapi/anthale.yaml"), await fixture("base.yaml"));
  await mkdir(join(root, "packages/client/src/generated"), { recursive: true });
  await writeFile(
    join(root, "packages/client/src/generated/schema.ts"),
    await generateTypes(join(root, "openapi/anthale.yaml")),
  );
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

/** The live contract's text, for the tests about this contract itself. */
export function realContract() {
  return readFile(join(repositoryRoot, "openapi/anthale.yaml"), "utf8");
}

/** The base fixture's text: the contract the tool's own tests start from. */
export function baseContract() {
  return fixture("base.yaml");
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
 * Writes a variant of the base fixture, made by replacing text in it.
 * @param {string} folder where to write it
 * @param {string} name the file name
 * @param {[string, string][]} edits each `[search, replacement]`; every search must occur once
 * @returns {Promise<string>} the variant's path
 */
export async function writeVariant(folder, name, edits) {
  let text = await baseContract();
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
