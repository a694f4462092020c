/**
 * Decides which packages a contract change releases, and with which bump.
 *
 * Packages:
 * - `@anthale/client` is generated from the whole contract: every change releases it.
 * - `@anthale/sdk` is released when a change touches its public types or the call it makes: a change
 *   in one of {@link sdkSchemaRoots} (the client types the SDK re-exports or builds its own types
 *   from) or in any schema they reference, in the old or the new contract, or a change in one of
 *   {@link sdkOperations}.
 *
 * Bump of each package, from the changes that release it:
 * - any breaking change: `major` from 1.0.0 on; `minor` while the package is 0.x. Below 1.0.0 a new
 *   minor is how semver signals a breaking change (`^0.3.0` does not take `0.4.0`), and leaving 0.x is
 *   a decision for a person, not for this tool. The changeset text lists the breaking changes first.
 * - otherwise any non-breaking change: `minor`.
 * - otherwise (descriptions, examples, metadata only): `patch`.
 * - no change: no release, no changeset.
 */
import { reachableSchemas } from "./schema-usage.mjs";

/** The generated client's package name. */
export const clientPackage = "@anthale/client";

/** The SDK's package name. */
export const sdkPackage = "@anthale/sdk";

/**
 * Component schemas whose types `@anthale/sdk` imports from `@anthale/client` to re-export them or to
 * build its public types (`EnforceParams`, `Message`, `EnforceResult`...). Keep in step with the SDK's
 * imports; a test checks it.
 */
export const sdkSchemaRoots = Object.freeze([
  "PolicyEnforceRequest",
  "PolicyEnforceMessage",
  "PolicyEnforceTextMessage",
  "PolicyEnforcementResult",
  "PolicyGuardrailDirection",
  "PolicyEnforcementMessageRole",
  "PolicyEnforcementMessageType",
  "PolicyEnforcementResultAction",
  "PromptInjectionEvaluation",
  "ContentSafetyEvaluation",
  "DataLeakageEvaluation",
  "ContextSafetyEvaluation",
  "DataLeakageThread",
]);

/** Operations the SDK calls, by `operationId`. */
const sdkOperations = Object.freeze(["organizations.policies.enforce"]);

/** @typedef {"major" | "minor" | "patch"} Bump */

/**
 * @typedef {object} Release
 * @property {string} name the package
 * @property {Bump} bump the bump its changes imply
 * @property {import("./changes.mjs").ContractChange[]} changes the changes that release it
 */

/**
 * The bump a list of changes implies for a package at a given version.
 * @param {import("./changes.mjs").ContractChange[]} changes the changes that concern the package
 * @param {string} version the package's current version
 * @returns {Bump | undefined} the bump, undefined when there is no change
 */
export function bumpFor(changes, version) {
  if (changes.some((change) => change.level === "breaking")) {
    return majorVersion(version) >= 1 ? "major" : "minor";
  }
  if (changes.some((change) => change.level === "non-breaking")) return "minor";
  return changes.length > 0 ? "patch" : undefined;
}

/**
 * The changes that touch the SDK's public types or the operations it calls.
 * @param {import("./changes.mjs").ContractChange[]} changes all the changes
 * @param {Record<string, any>} before the old contract
 * @param {Record<string, any>} after the new contract
 * @returns {import("./changes.mjs").ContractChange[]}
 */
export function sdkChanges(changes, before, after) {
  const schemas = new Set([
    ...reachableSchemas(before, sdkSchemaRoots),
    ...reachableSchemas(after, sdkSchemaRoots),
    ...sdkSchemaRoots,
  ]);
  return changes.filter(
    (change) =>
      (change.schema !== undefined && schemas.has(change.schema)) ||
      (change.operation !== undefined && sdkOperations.includes(change.operation)),
  );
}

/**
 * The packages to release for a contract change.
 * @param {import("./changes.mjs").ContractChange[]} changes the contract's changes
 * @param {{ before: Record<string, any>, after: Record<string, any>,
 *   versions: Record<string, string> }} context the two contracts, and each package's version
 * @returns {Release[]} the client first, then the SDK when it is concerned; empty when nothing changed
 */
export function planRelease(changes, { before, after, versions }) {
  const releases = [];
  for (const [name, concerned] of [
    [clientPackage, changes],
    [sdkPackage, sdkChanges(changes, before, after)],
  ]) {
    const bump = bumpFor(concerned, versions[name] ?? "0.0.0");
    if (bump !== undefined) releases.push({ name, bump, changes: concerned });
  }
  return releases;
}

function majorVersion(version) {
  const major = Number.parseInt(String(version).split(".")[0], 10);
  return Number.isNaN(major) ? 0 : major;
}
