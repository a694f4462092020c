// Takes a new contract into a workspace: prints what changed, lints it, regenerates and builds the
// client, reports what @anthale/sdk does not expose, type-checks every package that depends on the
// client and runs the SDK's contract tests against it, then writes a changeset per package. Puts
// the contract and the generated types back as they were when a step fails.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import {
  contractPath,
  generatedPath,
  generateTypes,
  repositoryRoot,
} from "@anthale/codegen/generate.mjs";
import { defaultChecks } from "./contract-checks.mjs";
import { diffContract } from "./diff-contract.mjs";
import {
  changesetSummary,
  formatCoverage,
  formatSummary,
  sdkChangesetSummary,
} from "./format-summary.mjs";
import { ContractError, loadContract, parseContract } from "./load-contract.mjs";
import { clientPackage, planRelease, sdkPackage } from "./plan-release.mjs";
import { schemaUsage } from "./schema-usage.mjs";
import { sdkCoverage } from "./sdk-coverage.mjs";
import { writeChangeset } from "./write-changeset.mjs";

/** Thrown when a step after the contract was replaced failed; the previous files were restored. */
export class UpdateRolledBackError extends Error {
  /**
   * @param {string} message what failed, where, and what was restored
   * @param {unknown} [cause] the failure, when it was an exception
   */
  constructor(message, cause) {
    super(message, cause === undefined ? undefined : { cause });
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
 * @property {Partial<import("./contract-checks.mjs").ContractChecks>} [checks] replaces some of
 *   the checks (tests replace the slow ones)
 * @property {(root: string) => import("./sdk-coverage.mjs").SdkCoverage} [coverage] reads what the
 *   SDK exposes, from the generated client sources of `root`
 * @property {boolean} [allowBrokenSdk] accept the contract even when a package that depends on the
 *   client fails to type-check or the SDK's contract tests fail (a warning is returned)
 * @property {(text: string) => void} [report] receives the summary of changes first, then the
 *   coverage report, as soon as each is known
 * @property {(path: string) => Promise<string>} [generate] turns a contract into the client's types
 * @property {typeof globalThis.fetch} [fetch] used when the contract is a URL
 * @property {Date} [now] the time the changesets' names are made from
 */

/**
 * @typedef {object} UpdateResult
 * @property {import("./changes.mjs").ContractChange[]} changes what changed in the contract
 * @property {import("./plan-release.mjs").Release[]} releases the packages released and their bumps
 * @property {string[]} changesetPaths the changesets written, one per package released
 * @property {string} summary the changes as text for the terminal
 * @property {import("./sdk-coverage.mjs").SdkCoverage} coverage what the SDK does not expose
 * @property {string | undefined} warning set when the contract was accepted with a broken SDK
 */

/**
 * Replaces `openapi/anthale.yaml` with a new contract once it passed every check, and writes the
 * changesets it implies. Steps, in order: the contract is read and checked (OpenAPI 3.x, valid
 * YAML, every local `$ref` resolves: otherwise a {@link ContractError} naming file and line, and
 * nothing changes); the summary of changes is reported; Spectral lints it (a violation is a
 * {@link ContractError} with the lint output); the contract is written and the client's types
 * regenerated; the SDK's coverage is reported; the client is built; every workspace package that
 * depends on the client is type-checked and the SDK's contract tests run against Prism on the new
 * contract. A failure from the write on puts the previous contract and generated types back and
 * throws an {@link UpdateRolledBackError} saying what failed and where (the failing files named);
 * `allowBrokenSdk` accepts the last step's failures with a warning instead.
 * @param {string} source the new contract: a file path or an http(s) URL
 * @param {UpdateOptions} [options]
 * @returns {Promise<UpdateResult>}
 */
export async function updateContract(source, options = {}) {
  const { root = repositoryRoot, generate = generateTypes, now, report = () => {} } = options;
  const checks = { ...defaultChecks, ...options.checks };
  const readCoverage = options.coverage ?? sdkCoverage;
  const paths = repositoryPaths(root);
  const incoming = await loadContract(source, { cwd: options.cwd, fetch: options.fetch });
  const previousText = await readFile(paths.contract, "utf8");
  const previous = parseContract(previousText, paths.contract);
  const versions = await readVersions(paths.manifests);
  const previousGenerated = await readFile(paths.generated, "utf8").catch(() => undefined);

  const changes = diffContract(previous, incoming.document);
  const summary = formatSummary(changes);
  report(summary);

  const label = /^https?:/i.test(incoming.source)
    ? incoming.source
    : relative(options.cwd ?? process.cwd(), incoming.source);
  const lint = await checks.lint(root, incoming.text, label);
  if (!lint.ok) {
    throw new ContractError(
      `${label} breaks the contract's lint rules (${lint.name}):\n${lint.output}`,
    );
  }

  let step = "writing the contract";
  const restore = async () => {
    await writeFile(paths.contract, previousText);
    if (previousGenerated === undefined) await rm(paths.generated, { force: true });
    else await writeFile(paths.generated, previousGenerated);
  };
  try {
    await writeFile(paths.contract, incoming.text);
    step = "generating the client's types";
    await writeFile(paths.generated, await generate(paths.contract));
    step = "reading what @anthale/sdk exposes";
    const coverage = readCoverage(root);
    report(formatCoverage(coverage.gaps, changes));

    step = "building @anthale/client";
    const built = await checks.buildClient(root);
    if (!built.ok) throw refusal([built], changes, previous, incoming.document);
    step = "checking the packages that depend on @anthale/client";
    const failures = (await checks.checkDependents(root)).filter((result) => !result.ok);
    let warning;
    if (failures.length > 0) {
      if (!options.allowBrokenSdk) throw refusal(failures, changes, previous, incoming.document);
      warning = brokenSdkWarning(failures);
    }

    step = "writing the changesets";
    const releases = planRelease(changes, {
      before: previous,
      after: incoming.document,
      versions,
      sdk: coverage,
    });
    const contractVersions = { from: previous.info?.version, to: incoming.document.info?.version };
    const changesetPaths = [];
    for (const release of releases) {
      const text =
        release.name === sdkPackage
          ? sdkChangesetSummary(release.changes, contractVersions, coverage.gaps)
          : changesetSummary(release.changes, contractVersions);
      const label = release.name === sdkPackage ? "sdk" : "client";
      changesetPaths.push(await writeChangeset(paths.changesets, [release], text, { now, label }));
    }
    return { changes, releases, changesetPaths, summary, coverage, warning };
  } catch (error) {
    await restore();
    const restored =
      "The previous contract and generated types were restored" +
      (step === "writing the contract" ||
      step.startsWith("generating") ||
      step.startsWith("reading")
        ? "."
        : "; run `pnpm build` to rebuild the packages from them.");
    if (error instanceof RefusedError) {
      throw new UpdateRolledBackError(`${error.message}\n${restored}`);
    }
    const reason = String(error?.message ?? error);
    throw new UpdateRolledBackError(`Failed while ${step}: ${reason}\n${restored}`, error);
  }
}

/** A check failed: the update is refused with the reasons given. */
class RefusedError extends Error {}

/**
 * Why an update is refused: each failed check with where it failed, and, when the change breaks
 * answers the SDK reads, what clients already deployed would do.
 * @param {import("./contract-checks.mjs").CheckResult[]} failures the failed checks
 * @param {import("./changes.mjs").ContractChange[]} changes the contract's changes
 * @param {Record<string, any>} before the current contract
 * @param {Record<string, any>} after the new contract
 * @returns {RefusedError}
 */
function refusal(failures, changes, before, after) {
  const lines = ["Refused: the new contract breaks what depends on it."];
  for (const failure of failures) lines.push("", ...describeFailure(failure));
  const deployed = deployedEffects(failures, changes, before, after);
  if (deployed.length > 0) lines.push("", ...deployed);
  lines.push(
    "",
    "Change the SDK so it passes against the new contract (then run `pnpm spec:update` again),",
    "or accept the contract as it is with `--allow-broken-sdk`.",
  );
  return new RefusedError(lines.join("\n"));
}

function describeFailure(failure) {
  const lines = [`${failure.name} failed${failure.package ? ` (${failure.package})` : ""}:`];
  const details = failure.details ?? [];
  if (details.length > 0) {
    lines.push(...details.slice(0, 12).map((line) => `  ${line}`));
    if (details.length > 12) lines.push(`  ... and ${details.length - 12} more`);
  } else {
    const output = failure.output.trim().split("\n");
    lines.push(...output.slice(-20).map((line) => `  ${line}`));
  }
  return lines;
}

/**
 * What clients built on the previous contract would do with answers of the new one: the breaking
 * changes on the response side, and what the SDK's contract tests saw the SDK as it is now (so as
 * released) do with the new mock answers.
 */
function deployedEffects(failures, changes, before, after) {
  const usage = [schemaUsage(before), schemaUsage(after)];
  const onResponses = changes.filter(
    (change) =>
      change.breaking &&
      ((change.schema !== undefined &&
        usage.some((sides) => sides.get(change.schema)?.has("response"))) ||
        / response \d/.test(change.location)),
  );
  if (onResponses.length === 0) return [];
  const lines = [
    "What deployed clients would do: @anthale/client and @anthale/sdk releases built on the previous",
    "contract would get answers that differ from what they were built for:",
    ...onResponses.map((change) => `  ${change.location}: ${change.message}`),
  ];
  const tests = failures.find((failure) => failure.name.includes("contract tests"));
  if (tests !== undefined) {
    const [counted] = tests.output.split("\n");
    lines.push(
      `The SDK's contract tests ran the SDK as it is now against Prism on the new contract (${counted});`,
      "a deployed @anthale/sdk reads answers the same way, so it would fail the same way:",
      ...(tests.details ?? []).slice(0, 3).map((line) => `  ${line}`),
    );
  }
  return lines;
}

function brokenSdkWarning(failures) {
  const rule = "!".repeat(78);
  return [
    rule,
    "WARNING: accepted with --allow-broken-sdk although the packages that depend on",
    "@anthale/client fail against the new contract. Do not release until they pass:",
    ...failures.flatMap((failure) => describeFailure(failure)),
    rule,
  ].join("\n");
}

async function readVersions(manifests) {
  const versions = {};
  for (const [name, path] of Object.entries(manifests)) {
    const manifest = JSON.parse(await readFile(path, "utf8"));
    versions[name] = manifest.version;
  }
  return versions;
}
