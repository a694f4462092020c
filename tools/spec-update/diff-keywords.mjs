// Compares the keywords of two versions of a schema that hold no nested schema: documentation,
// types, enums, formats and bounds. Nested schemas are compared in diff-schema.mjs.
import { addChange, always, narrowing, never, same, show, widening } from "./changes.mjs";

const documentationKeys = ["title", "description", "summary", "example", "examples"];
const restrictionKeys = ["const", "format", "pattern", "multipleOf"];
const lowerBounds = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
const upperBounds = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
const countBounds = new Set(["minLength", "minItems", "minProperties"]);

/**
 * Records changes to descriptions, titles, examples and `x-` extensions, and to `deprecated` and
 * `default`, which change no type.
 * @param {Record<string, any>} before the old node (schema, parameter, operation...)
 * @param {Record<string, any>} after the new node
 * @param {import("./changes.mjs").DiffScope} scope where the node is
 */
export function diffDocumentation(before, after, scope) {
  const extensions = Object.keys({ ...before, ...after }).filter((key) => key.startsWith("x-"));
  const changed = [...documentationKeys, "externalDocs", ...extensions].filter(
    (key) => !same(before[key], after[key]),
  );
  if (changed.length > 0) {
    addChange(scope, "documentation-changed", `${changed.join(", ")} changed`, "documentation");
  }
  if (Boolean(before.deprecated) !== Boolean(after.deprecated)) {
    const message = after.deprecated ? "now deprecated" : "no longer deprecated";
    addChange(scope, "deprecation-changed", message, never);
  }
  if (!same(before.default, after.default)) {
    addChange(
      scope,
      "default-changed",
      `default ${describeChange(before.default, after.default)}`,
      never,
    );
  }
}

function typeSet(schema) {
  if (schema.type === undefined) return undefined;
  const types = new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  if (schema.nullable === true) types.add("null");
  return types;
}

/**
 * Records a change of type (`type`, and `nullable` in OpenAPI 3.0).
 * @param {Record<string, any>} before the old schema
 * @param {Record<string, any>} after the new schema
 * @param {import("./changes.mjs").DiffScope} scope where the schema is
 */
export function diffTypes(before, after, scope) {
  const oldTypes = typeSet(before);
  const newTypes = typeSet(after);
  if (oldTypes === undefined && newTypes === undefined) return;
  if (oldTypes === undefined || newTypes === undefined) {
    const message = `type ${describeChange(before.type, after.type)}`;
    addChange(scope, "type-changed", message, oldTypes === undefined ? narrowing : widening);
    return;
  }
  // An integer is a number: number → integer narrows, integer → number widens.
  const covers = (types, type) => types.has(type) || (type === "integer" && types.has("number"));
  const removed = [...oldTypes].filter((type) => !covers(newTypes, type));
  const added = [...newTypes].filter((type) => !covers(oldTypes, type));
  if (removed.length === 0 && added.length === 0) return;
  const message = `type changed from ${[...oldTypes].join(" | ")} to ${[...newTypes].join(" | ")}`;
  addChange(scope, "type-changed", message, {
    request: removed.length > 0,
    response: added.length > 0,
  });
}

/**
 * Records enum values added and removed, and an enum added or removed as a whole.
 * @param {Record<string, any>} before the old schema
 * @param {Record<string, any>} after the new schema
 * @param {import("./changes.mjs").DiffScope} scope where the schema is
 */
export function diffEnum(before, after, scope) {
  if (same(before.enum, after.enum)) return;
  if (!Array.isArray(before.enum) || !Array.isArray(after.enum)) {
    const restricted = Array.isArray(after.enum);
    const message = restricted
      ? `now restricted to ${after.enum.map(show).join(", ")}`
      : "no longer restricted to an enum";
    addChange(
      scope,
      restricted ? "enum-added" : "enum-removed",
      message,
      restricted ? narrowing : widening,
    );
    return;
  }
  const has = (values, value) => values.some((candidate) => same(candidate, value));
  for (const value of after.enum.filter((value) => !has(before.enum, value))) {
    addChange(scope, "enum-value-added", `enum value ${show(value)} added`, widening);
  }
  for (const value of before.enum.filter((value) => !has(after.enum, value))) {
    // Breaking on both sides: code comparing with a literal the union no longer has stops compiling.
    addChange(scope, "enum-value-removed", `enum value ${show(value)} removed`, always);
  }
}

/**
 * Records `const`, `format`, `pattern`, `multipleOf` and `uniqueItems` changes.
 * @param {Record<string, any>} before the old schema
 * @param {Record<string, any>} after the new schema
 * @param {import("./changes.mjs").DiffScope} scope where the schema is
 */
export function diffRestrictions(before, after, scope) {
  for (const key of restrictionKeys) {
    if (same(before[key], after[key])) continue;
    let rule = always;
    if (before[key] === undefined) rule = narrowing;
    else if (after[key] === undefined) rule = widening;
    addChange(scope, `${key}-changed`, `${key} ${describeChange(before[key], after[key])}`, rule);
  }
  if (Boolean(before.uniqueItems) !== Boolean(after.uniqueItems)) {
    const message = after.uniqueItems
      ? "items must now be unique"
      : "items no longer need be unique";
    addChange(scope, "bound-changed", message, after.uniqueItems ? narrowing : widening);
  }
}

/**
 * Records bounds (`minimum`, `maxLength`, `minItems`...) that were tightened or loosened.
 * @param {Record<string, any>} before the old schema
 * @param {Record<string, any>} after the new schema
 * @param {import("./changes.mjs").DiffScope} scope where the schema is
 */
export function diffBounds(before, after, scope) {
  for (const key of [...lowerBounds, ...upperBounds]) {
    const lower = lowerBounds.includes(key);
    const fallback = countBounds.has(key) ? 0 : undefined;
    const old = before[key] ?? fallback;
    const now = after[key] ?? fallback;
    if (same(old, now)) continue;
    let tighter;
    if (old === undefined) tighter = true;
    else if (now === undefined) tighter = false;
    else if (typeof old === "boolean" || typeof now === "boolean") tighter = now === true;
    else tighter = lower ? now > old : now < old;
    const message = `${key} ${describeChange(before[key], after[key])}`;
    addChange(scope, "bound-changed", message, tighter ? narrowing : widening);
  }
}
/**
 * Words for a value that was added, removed or changed.
 * @param {unknown} from the old value, undefined when there was none
 * @param {unknown} to the new value, undefined when there is none
 * @returns {string}
 */
export function describeChange(from, to) {
  if (from === undefined) return `${show(to)} added`;
  if (to === undefined) return `${show(from)} removed`;
  return `changed from ${show(from)} to ${show(to)}`;
}
