// The change records the contract diff produces, and how a change is judged breaking.
import { isDeepStrictEqual } from "node:util";

/**
 * How a change affects a client of the API.
 * - `breaking`: code written against the old contract may stop compiling or working.
 * - `non-breaking`: an addition or a relaxation that existing code keeps working with.
 * - `documentation`: descriptions, titles, examples, extensions or metadata only; types are unchanged.
 * @typedef {"breaking" | "non-breaking" | "documentation"} ChangeLevel
 */

/**
 * One difference between two versions of the contract.
 * @typedef {object} ContractChange
 * @property {string} kind what changed, e.g. `enum-value-removed`, `property-added`
 * @property {ChangeLevel} level how the change affects a client
 * @property {boolean} breaking `level === "breaking"`
 * @property {string} location where, e.g. `PolicyEnforceRequest.messages[]` or `POST /path response 200`
 * @property {string} message what happened, in words
 * @property {string} [schema] the component schema the change is in
 * @property {string} [operation] the operation the change is in (`operationId`, or `METHOD /path`)
 */

/**
 * Whether a change breaks a client that sends the schema (`request`) and one that receives it
 * (`response`). A schema used on both sides breaks when it breaks on either.
 * @typedef {{ request: boolean, response: boolean }} BreakingRule
 */

/** Breaks every client: a removal, a rename, a type swapped for another. */
export const always = Object.freeze({ request: true, response: true });

/** Breaks no client. */
export const never = Object.freeze({ request: false, response: false });

/**
 * Accepts fewer values than before (an enum value or a type removed, a tighter bound): what a client
 * sent may now be refused, while what it receives still fits the old types.
 */
export const narrowing = Object.freeze({ request: true, response: false });

/**
 * Accepts more values than before (an enum value or a type added, a looser bound): a client may now
 * receive values its code does not handle, while what it sends is still accepted.
 */
export const widening = Object.freeze({ request: false, response: true });

/**
 * Where a change sits, and the list it is recorded in.
 * @typedef {object} DiffScope
 * @property {string} location readable location of the node being compared
 * @property {ReadonlySet<"request" | "response">} sides which side(s) of the API use the node
 * @property {string} [schema] the enclosing component schema
 * @property {string} [operation] the enclosing operation
 * @property {Record<string, any>} before the old document, to resolve its references
 * @property {Record<string, any>} after the new document, to resolve its references
 * @property {ContractChange[]} changes where changes are recorded
 */

/**
 * Records a change.
 * @param {DiffScope} scope where the change is
 * @param {string} kind what changed
 * @param {string} message what happened, in words
 * @param {BreakingRule | "documentation"} rule when the change breaks a client, or `"documentation"`
 */
export function addChange(scope, kind, message, rule) {
  let level = "documentation";
  if (rule !== "documentation") {
    const breaking = [...scope.sides].some((side) => rule[side]);
    level = breaking ? "breaking" : "non-breaking";
  }
  /** @type {ContractChange} */
  const change = { kind, level, breaking: level === "breaking", location: scope.location, message };
  if (scope.schema !== undefined) change.schema = scope.schema;
  if (scope.operation !== undefined) change.operation = scope.operation;
  scope.changes.push(change);
}

/**
 * A scope for a nested node.
 * @param {DiffScope} scope the parent's scope
 * @param {string} suffix appended to the location
 * @returns {DiffScope}
 */
export function nested(scope, suffix) {
  return { ...scope, location: `${scope.location}${suffix}` };
}

/**
 * Deep equality of two parsed JSON/YAML values.
 * @param {unknown} a a value
 * @param {unknown} b another value
 * @returns {boolean}
 */
export function same(a, b) {
  return isDeepStrictEqual(a, b);
}

/**
 * Formats a value for a message: strings in quotes, the rest as JSON.
 * @param {unknown} value a value from the contract
 * @returns {string}
 */
export function show(value) {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}
