// Compares two versions of one JSON Schema (an OpenAPI schema object) and records what changed.
// Which changes break a client is explained in diff-contract.mjs; the rules are applied here.
import { addChange, always, narrowing, nested, never, same, show, widening } from "./changes.mjs";
import {
  describeChange,
  diffBounds,
  diffDocumentation,
  diffEnum,
  diffRestrictions,
  diffTypes,
} from "./diff-keywords.mjs";
import { isObject, resolveReference, schemaName } from "./schema-usage.mjs";

/**
 * Compares two versions of a schema and records the changes in `scope.changes`. Two references to the
 * same component schema are equal here (the component is compared once, on its own); references to
 * different schemas are a type change.
 * @param {any} before the old schema
 * @param {any} after the new schema
 * @param {import("./changes.mjs").DiffScope} scope where the schema is
 */
export function diffSchema(before, after, scope) {
  if (same(before, after)) return;
  const start = scope.changes.length;
  if (!isObject(before) || !isObject(after)) {
    addChange(
      scope,
      "schema-changed",
      `schema changed from ${show(before)} to ${show(after)}`,
      always,
    );
    return;
  }
  if (before.$ref !== undefined || after.$ref !== undefined) {
    diffReferences(before, after, scope);
  } else {
    diffDocumentation(before, after, scope);
    diffTypes(before, after, scope);
    diffEnum(before, after, scope);
    diffRestrictions(before, after, scope);
    diffBounds(before, after, scope);
    diffProperties(before, after, scope);
    diffAdditionalProperties(before, after, scope);
    diffItems(before, after, scope);
    diffVariants(before, after, scope);
    diffDiscriminator(before, after, scope);
  }
  if (scope.changes.length === start) {
    addChange(scope, "schema-changed", "changed in a way not classified here; review it", never);
  }
}
function diffReferences(before, after, scope) {
  if (before.$ref === after.$ref) {
    const { $ref: _before, ...beforeSiblings } = before;
    const { $ref: _after, ...afterSiblings } = after;
    diffDocumentation(beforeSiblings, afterSiblings, scope);
    return;
  }
  const oldTarget = inline(before, scope.before);
  const newTarget = inline(after, scope.after);
  if (oldTarget === undefined || newTarget === undefined) {
    const message = `type changed from ${describe(before)} to ${describe(after)}`;
    addChange(scope, "type-changed", message, always);
    return;
  }
  diffSchema(oldTarget, newTarget, scope);
}

/** A schema with its reference replaced by the target's keywords, when it has one; undefined when
 * the reference points to another component schema (a named type) or cannot be resolved. */
function inline(schema, document) {
  if (schema.$ref === undefined) return schema;
  if (schemaName(schema.$ref) !== undefined) return undefined;
  const target = resolveReference(document, schema);
  if (!isObject(target) || target.$ref !== undefined) return undefined;
  const { $ref: _ref, ...siblings } = schema;
  return { ...target, ...siblings };
}
function diffProperties(before, after, scope) {
  const oldProperties = isObject(before.properties) ? before.properties : {};
  const newProperties = isObject(after.properties) ? after.properties : {};
  const oldRequired = new Set(before.required ?? []);
  const newRequired = new Set(after.required ?? []);
  for (const name of new Set([...Object.keys(oldProperties), ...Object.keys(newProperties)])) {
    const at = nested(scope, `.${name}`);
    if (!(name in oldProperties)) {
      const required = newRequired.has(name);
      const message = `${required ? "required" : "optional"} field \`${name}\` added`;
      addChange(at, "property-added", message, required ? narrowing : never);
    } else if (!(name in newProperties)) {
      addChange(at, "property-removed", `field \`${name}\` removed`, always);
    } else {
      diffSchema(oldProperties[name], newProperties[name], at);
    }
  }
  const kept = (name) => name in oldProperties === name in newProperties;
  for (const name of [...newRequired].filter((name) => !oldRequired.has(name) && kept(name))) {
    addChange(
      nested(scope, `.${name}`),
      "required-added",
      `field \`${name}\` is now required`,
      narrowing,
    );
  }
  for (const name of [...oldRequired].filter((name) => !newRequired.has(name) && kept(name))) {
    addChange(
      nested(scope, `.${name}`),
      "required-removed",
      `field \`${name}\` is now optional`,
      widening,
    );
  }
}

/** 0: no extra fields, 1: extra fields of a given schema, 2: any extra field. */
function openness(value) {
  if (value === false) return 0;
  if (value === undefined || value === true) return 2;
  return isObject(value) && Object.keys(value).length === 0 ? 2 : 1;
}

function diffAdditionalProperties(before, after, scope) {
  const old = before.additionalProperties;
  const now = after.additionalProperties;
  if (same(old, now)) return;
  if (openness(old) === 1 && openness(now) === 1) {
    diffSchema(old, now, nested(scope, "{*}"));
    return;
  }
  if (openness(old) === openness(now)) return;
  const wider = openness(now) > openness(old);
  const message = wider ? "accepts more extra fields than before" : "accepts fewer extra fields";
  addChange(scope, "additional-properties-changed", message, wider ? widening : narrowing);
}

function diffItems(before, after, scope) {
  if (before.items !== undefined || after.items !== undefined) {
    diffSchema(before.items ?? {}, after.items ?? {}, nested(scope, "[]"));
  }
  const oldTuple = before.prefixItems ?? [];
  const newTuple = after.prefixItems ?? [];
  for (let index = 0; index < Math.max(oldTuple.length, newTuple.length); index += 1) {
    diffSchema(oldTuple[index] ?? {}, newTuple[index] ?? {}, nested(scope, `[${index}]`));
  }
}

function diffVariants(before, after, scope) {
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    const old = before[key] ?? [];
    const now = after[key] ?? [];
    if (same(old, now)) continue;
    // More allOf parts narrow the schema; more oneOf/anyOf variants widen it. A variant removed breaks
    // both sides: code narrowing the union to that variant stops compiling.
    const [more, fewer] = key === "allOf" ? [narrowing, widening] : [widening, always];
    const oldRefs = old.map((part) => part?.$ref).filter(Boolean);
    const newRefs = now.map((part) => part?.$ref).filter(Boolean);
    for (const ref of newRefs.filter((ref) => !oldRefs.includes(ref))) {
      addChange(scope, "variant-added", `${key} variant ${describe({ $ref: ref })} added`, more);
    }
    for (const ref of oldRefs.filter((ref) => !newRefs.includes(ref))) {
      addChange(
        scope,
        "variant-removed",
        `${key} variant ${describe({ $ref: ref })} removed`,
        fewer,
      );
    }
    const oldInline = old.filter((part) => part?.$ref === undefined);
    const newInline = now.filter((part) => part?.$ref === undefined);
    for (let index = 0; index < Math.max(oldInline.length, newInline.length); index += 1) {
      const at = nested(scope, `<${key} ${index + 1}>`);
      if (index >= oldInline.length) addChange(at, "variant-added", `${key} variant added`, more);
      else if (index >= newInline.length)
        addChange(at, "variant-removed", `${key} variant removed`, fewer);
      else diffSchema(oldInline[index], newInline[index], at);
    }
  }
}

function diffDiscriminator(before, after, scope) {
  const old = before.discriminator ?? {};
  const now = after.discriminator ?? {};
  if (same(old, now)) return;
  if (old.propertyName !== now.propertyName) {
    const message = `discriminator ${describeChange(old.propertyName, now.propertyName)}`;
    addChange(scope, "discriminator-changed", message, always);
  }
  const oldMapping = old.mapping ?? {};
  const newMapping = now.mapping ?? {};
  for (const value of new Set([...Object.keys(oldMapping), ...Object.keys(newMapping)])) {
    const [from, to] = [oldMapping[value], newMapping[value]];
    if (from === to) continue;
    // A value whose variant was itself added or removed is reported with the variant.
    if (from === undefined || to === undefined) {
      const target = from ?? to;
      const variants = (schema) => [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
      const listed = (schema) => variants(schema).some((part) => part?.$ref === target);
      if (listed(before) !== listed(after)) continue;
    }
    const rule = from === undefined ? widening : always;
    const message = `discriminator value ${show(value)} ${describeChange(from, to)}`;
    addChange(scope, "discriminator-changed", message, rule);
  }
}

function describe(schema) {
  if (!isObject(schema)) return show(schema);
  if (schema.$ref !== undefined) return `\`${schemaName(schema.$ref) ?? schema.$ref}\``;
  if (schema.type !== undefined) return [schema.type].flat().join(" | ");
  return "an untyped schema";
}
