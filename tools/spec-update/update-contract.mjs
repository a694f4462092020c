// Replaces the contract, regenerates and builds the packages, and writes the changeset the change
// implies; puts everything back as it was when a step fails.
import { spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import {
  contractPath,
  generatedPath,
  generateTypes,
  repositoryRoot,
} from "../codegen/generate.mjs";
import { diffContract } from "./diff-contract.mjs";
import { changesetSummary, formatSummary } from "./format-summary.mjs";
import { loadContract, parseContract } from "./load-contract.mjs";
import { clientPackage, planRelease, sdkPackage } from "./plan-release.mjs";
import { writeChangeset } from "./write-changeset.mjs";

/** Thrown when a step after the contract was replaced failed; the previous files were restored. */
export class UpdateRolledBackError extends Error {
  /**
   * @param {string} message what failed
   * @param {unknown} cause the failure
   */
  constructor(message, cause) {
    super(message, { cause });
    this.name = "UpdateRolledBackError";
  }
}

/**
 * The files the update reads and writes, in a repository.
 * @param {string} root the repository's root folder
 */
export function repositoryPaths(root) {
  return {
    contract: join(root, relative(repositoryRoot, contractPath)),
    generated: join(root, relative(repositoryRoot, generatedPath)),
    changesets: join(root, ".changeset"),
    manifests: {
      [clientPackage]: join(root, "packages/client/package.json"),
      [sdkPackage]: join(root, "packages/sdk/package.json"),
    },
  };
}

/**
 * @typedef {object} UpdateOptions
 * @property {string} [root] the repository to update, this one by default
 * @property {string} [cwd] where a relative contract path starts, the current folder by default
 * @property {boolean | ((root: string) => Promise<void>)} [build] build the packages after
 *   regenerating (`pnpm --filter @anthale/client --filter @anthale/sdk build`); `false` skips it, a
 *   function replaces it
 * @property {(path: string) => Promise<string>} [generate] turns a contract into the client's types
 * @property {typeof globalThis.fetch} [fetch] used when the contract is a URL
 * @property {Date} [now] the time the changeset's name is made from
 */

/**
 * @typedef {object} UpdateResult
 * @property {import("./changes.mjs").ContractChange[]} changes what changed in the contract
 * @property {import("./plan-release.mjs").Release[]} releases the packages released and their bumps
 * @property {string | undefined} changesetPath the changeset written, if any
 * @property {string} summary the changes as text for the terminal
 */

/**
 * Replaces `openapi/anthale.yaml` with a new contract, regenerates the client's types, builds the
 * client and the SDK, and writes a changeset when the contract changed. A contract that is not an
 * OpenAPI 3.x document is refused before anything is written; when a later step fails, the previous
 * contract and generated types are written back and an {@link UpdateRolledBackError} is thrown.
 * @param {string} source the new contract: a file path or an http(s) URL
 * @param {UpdateOptions} [options]
 * @returns {Promise<UpdateResult>}
 */
export async function updateContract(source, options = {}) {
  const { root = repositoryRoot, build = true, generate = generateTypes, now } = options;
  const paths = repositoryPaths(root);
  const incoming = await loadContract(source, { cwd: options.cwd, fetch: options.fetch });
  const previousText = await readFile(paths.contract, "utf8");
  const previous = parseContract(previousText, paths.contract);
  const versions = await readVersions(paths.manifests);
  const previousGenerated = await readFile(paths.generated, "utf8").catch(() => undefined);

  const changes = diffContract(previous, incoming.document);
  const releases = planRelease(changes, { before: previous, after: incoming.document, versions });
  const summary = changesetSummary(changes, {
    from: previous.info?.version,
    to: incoming.document.info?.version,
  });

  let step = "writing the contract";
  try {
    await writeFile(paths.contract, incoming.text);
    step = "generating the client's types";
    await writeFile(paths.generated, await generate(paths.contract));
    if (build !== false) {
      step = "building @anthale/client and @anthale/sdk";
      await (typeof build === "function" ? build(root) : buildPackages(root));
    }
    step = "writing the changeset";
    const changesetPath =
      releases.length > 0
        ? await writeChangeset(paths.changesets, releases, summary, { now })
        : undefined;
    return { changes, releases, changesetPath, summary: formatSummary(changes) };
  } catch (error) {
    await writeFile(paths.contract, previousText);
    if (previousGenerated === undefined) await rm(paths.generated, { force: true });
    else await writeFile(paths.generated, previousGenerated);
    const reason = String(error?.message ?? error).split("\n")[0];
    throw new UpdateRolledBackError(
      `Failed while ${step}: ${reason}\nThe previous contract and generated types were restored` +
        (step.startsWith("building") ? "; run `pnpm build` to rebuild from them." : "."),
      error,
    );
  }
}

/**
 * Builds the client and the SDK with pnpm; pnpm's output goes to stderr.
 * @param {string} root the repository's root folder
 * @returns {Promise<void>} resolves when the build succeeded
 */
function buildPackages(root) {
  const args = ["--filter", clientPackage, "--filter", sdkPackage, "build"];
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", args, { cwd: root, stdio: ["ignore", 2, 2] });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`\`pnpm ${args.join(" ")}\` exited with code ${code}`));
    });
  });
}

async function readVersions(manifests) {
  const versions = {};
  for (const [name, path] of Object.entries(manifests)) {
    const manifest = JSON.parse(await readFile(path, "utf8"));
    versions[name] = manifest.version;
  }
  return versions;
}
