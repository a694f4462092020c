/**
 * Decides which packages a contract change releases, and with which bump.
 *
 * Packages:
 * - `@anthale/client` is generated from the whole contract: every change releases it.
 * - `@anthale/sdk` is released when a change reaches its users: a change in one of
 *   {@link sdkSchemaRoots} (the client types the SDK re-exports or builds its own types from) or in
 *   any schema they reference, in the old or the new contract, or a change in an operation the SDK
 *   calls. What the SDK does not expose (a request field its parameters lack, an operation it has
 *   no method for, as its coverage report finds) is left out: SDK users cannot use it.
 *
 * Bump of each package, from the changes that release it:
 * - any breaking change: `major` from 1.0.0 on; `minor` while the package is 0.x. Below 1.0.0 a new
 *   minor is how semver signals a breaking change (`^0.3.0` does not take `0.4.0`), and leaving 0.x is
 *   a decision for a person, not for this tool. The changeset text lists the breaking changes first.
 * - otherwise any non-breaking change: `minor`.
 * - otherwise (descriptions, examples, metadata only): `patch`.
 * - no change: no release, no changeset.
 *
 * One judgement differs between the packages: a value added to a response enum is breaking for
 * the client, whose generated types are closed unions (an exhaustive `switch` stops compiling), but
 * not for the SDK when its result type leaves that value open (`action` is any string): SDK code
 * already handles values it does not know, and the SDK itself fails closed on them (blocks).
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
  // The testing kit (`@anthale/sdk/testing`) builds error answers and guardrail categories.
  "AnthaleErrorResponse",
  "ContentSafetyGuardrailCategory",
  "DataLeakageGuardrailCategory",
]);

/** Operations the SDK calls, by `operationId`, when no coverage report says otherwise. */
const sdkOperations = Object.freeze(["organizations.policies.enforce"]);

/**
 * What the SDK exposes of the new contract, from its coverage report (see sdk-coverage.mjs).
 * @typedef {object} SdkExposure
 * @property {string[]} [operations] the operations it has a method for, by `operationId`
 * @property {import("./sdk-coverage.mjs").SdkGap[]} [gaps] what it does not expose
 * @property {string[]} [openEnums] response enums its result type leaves open
 */

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
 * The changes that reach SDK users: in the SDK's public types or the operations it calls, less
 * what it does not expose; a value added to a response enum the SDK leaves open is non-breaking
 * for it (see the header).
 * @param {import("./changes.mjs").ContractChange[]} changes all the changes
 * @param {Record<string, any>} before the old contract
 * @param {Record<string, any>} after the new contract
 * @param {SdkExposure} [sdk] what the SDK exposes of the new contract
 * @returns {import("./changes.mjs").ContractChange[]}
 */
export function sdkChanges(changes, before, after, sdk = {}) {
  const schemas = new Set([
    ...reachableSchemas(before, sdkSchemaRoots),
    ...reachableSchemas(after, sdkSchemaRoots),
    ...sdkSchemaRoots,
  ]);
  const operations = sdk.operations ?? sdkOperations;
  const hidden = (sdk.gaps ?? []).filter((gap) => gap.kind === "request-field");
  const isHidden = (change) =>
    hidden.some(
      (gap) =>
        change.schema === gap.schema &&
        (change.location === `${gap.schema}.${gap.property}` ||
          change.location.startsWith(`${gap.schema}.${gap.property}.`) ||
          change.location.startsWith(`${gap.schema}.${gap.property}[`)),
    );
  const open = new Set(sdk.openEnums ?? []);
  return changes
    .filter(
      (change) =>
        (change.schema !== undefined && schemas.has(change.schema)) ||
        (change.operation !== undefined && operations.includes(change.operation)),
    )
    .filter((change) => !isHidden(change))
    .map((change) =>
      change.kind === "enum-value-added" && change.breaking && open.has(change.schema)
        ? { ...change, level: "non-breaking", breaking: false }
        : change,
    );
}

/**
 * The packages to release for a contract change.
 * @param {import("./changes.mjs").ContractChange[]} changes the contract's changes
 * @param {{ before: Record<string, any>, after: Record<string, any>,
 *   versions: Record<string, string>, sdk?: SdkExposure }} context the two contracts, each
 *   package's version, and what the SDK exposes of the new contract
 * @returns {Release[]} the client first, then the SDK when it is concerned; empty when nothing changed
 */
export function planRelease(changes, { before, after, versions, sdk }) {
  const releases = [];
  for (const [name, concerned] of [
    [clientPackage, changes],
    [sdkPackage, sdkChanges(changes, before, after, sdk)],
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
