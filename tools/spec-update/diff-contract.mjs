/**
 * Compares two versions of the OpenAPI contract and lists what changed, each change judged from the
 * point of view of code written against the old contract (the generated client's types and the
 * programs using them).
 *
 * A change is **breaking** when such code may stop compiling or working:
 * - an operation, a component schema, a property, a parameter, a request body, a response header, a
 *   media type, an enum value, a `oneOf`/`anyOf` variant or a discriminator value is removed, or an
 *   `operationId` changes (the generated `operations` type is keyed by it). Removing an enum value or
 *   a variant breaks responses too: the generated types are unions of literals, and code that compares
 *   with the removed literal (`case "detect":`) stops compiling;
 * - a field or parameter the client sends becomes required, or a required one is added;
 * - what the client may **send** narrows: a type removed, an `allOf` part, an enum, a `const`, a
 *   `format`, a `pattern` or a tighter bound (`minimum`, `maxLength`, `minItems`...) added, fewer
 *   extra fields accepted;
 * - what the client may **receive** widens: an enum value, a type or a variant added, a looser bound,
 *   a field that becomes optional (code reading it must now handle `undefined`), a new 2xx response.
 *   A new enum value in a response is breaking on purpose: the generated types are closed unions, so
 *   exhaustive `switch`es stop compiling, and code that treats an unknown action as `allow` would
 *   silently let traffic through;
 * - a reference now names another schema, a type is swapped for another, a discriminator changes, a
 *   security requirement changes, or a 2xx response is removed.
 *
 * A change is **non-breaking** when existing code keeps working: an operation, a schema, an optional
 * field or parameter, a response header, a media type or a non-2xx response added; a request accepting
 * more (an enum value, a type or a variant added, a looser bound, a field no longer required); a
 * response promising more (a field now required, a type removed, a tighter bound); a non-2xx response
 * removed; a `default` or `deprecated` flag changed. Anything the diff does not classify is reported as
 * non-breaking with a note to review it.
 *
 * A change is **documentation** when only descriptions, titles, summaries, examples, tags, `x-`
 * extensions or `info` (including `info.version`) change.
 *
 * A component schema's side is found by following references from the operations: a schema only
 * requests use follows the request rules, one only responses use the response rules, one used by both
 * (or by no operation) breaks when either rule says so. Local references (`#/...`) are resolved;
 * references to other files are compared as text. Callbacks and webhooks are not compared one by one.
 */
import { addChange, always, narrowing, nested, never, same, widening } from "./changes.mjs";
import { diffDocumentation } from "./diff-keywords.mjs";
import { diffSchema } from "./diff-schema.mjs";
import { isObject, listOperations, resolveReference, schemaUsage } from "./schema-usage.mjs";

const bothSides = new Set(["request", "response"]);
const requestSide = new Set(["request"]);
const responseSide = new Set(["response"]);
const documentationOnly = new Set(["openapi", "info", "tags", "externalDocs"]);

/**
 * Lists what changed between two versions of a contract.
 * @param {Record<string, any>} before the current contract, parsed
 * @param {Record<string, any>} after the new contract, parsed
 * @returns {import("./changes.mjs").ContractChange[]} the changes, operations first, then schemas
 */
export function diffContract(before, after) {
  /** @type {import("./changes.mjs").ContractChange[]} */
  const changes = [];
  const root = { before, after, changes, sides: bothSides };
  diffInfo(before.info ?? {}, after.info ?? {}, { ...root, location: "info" });
  diffOperations(root);
  diffSchemas(root);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === "paths" || key === "info" || same(before[key], after[key])) continue;
    if (key === "components") {
      diffOtherComponents(before.components ?? {}, after.components ?? {}, root);
    } else if (documentationOnly.has(key) || key.startsWith("x-")) {
      addChange({ ...root, location: key }, "documentation-changed", "changed", "documentation");
    } else {
      addChange({ ...root, location: key }, "contract-changed", "changed; review it", never);
    }
  }
  return changes;
}

function diffInfo(before, after, scope) {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => !same(before[key], after[key]),
  );
  if (changed.length === 0) return;
  const message = changed.includes("version")
    ? `contract version changed from ${before.version} to ${after.version}`
    : `${changed.join(", ")} changed`;
  addChange(scope, "documentation-changed", message, "documentation");
}

function diffOperations(root) {
  const oldOperations = listOperations(root.before);
  const newOperations = listOperations(root.after);
  for (const key of new Set([...oldOperations.keys(), ...newOperations.keys()])) {
    const old = oldOperations.get(key);
    const now = newOperations.get(key);
    const operation = (now ?? old).operation.operationId ?? key;
    const scope = { ...root, location: operation, operation };
    if (old === undefined) {
      addChange(scope, "operation-added", `operation \`${key}\` added`, never);
    } else if (now === undefined) {
      addChange(scope, "operation-removed", `operation \`${key}\` removed`, always);
    } else {
      diffOperation(old, now, scope);
    }
  }
}

function diffOperation(old, now, scope) {
  const start = scope.changes.length;
  const [before, after] = [old.operation, now.operation];
  if (before.operationId !== after.operationId) {
    const message = `operationId changed from \`${before.operationId}\` to \`${after.operationId}\``;
    addChange(scope, "operation-changed", message, always);
  }
  diffDocumentation(before, after, scope);
  if (!same(before.tags, after.tags)) {
    addChange(scope, "documentation-changed", "tags changed", "documentation");
  }
  if (!same(before.security, after.security)) {
    addChange(scope, "security-changed", "security requirements changed", always);
  }
  diffParameters(old.parameters, now.parameters, { ...scope, sides: requestSide });
  diffRequestBody(before.requestBody, after.requestBody, {
    ...nested(scope, " request body"),
    sides: requestSide,
  });
  diffResponses(before.responses ?? {}, after.responses ?? {}, { ...scope, sides: responseSide });
  if (scope.changes.length === start && !same(old, now)) {
    addChange(scope, "operation-changed", "changed in a way not classified here; review it", never);
  }
}

function diffParameters(oldList, newList, scope) {
  const byKey = (list) =>
    new Map(list.map((parameter) => [`${parameter.in}:${parameter.name}`, parameter]));
  const [oldParameters, newParameters] = [byKey(oldList), byKey(newList)];
  for (const key of new Set([...oldParameters.keys(), ...newParameters.keys()])) {
    const [old, now] = [oldParameters.get(key), newParameters.get(key)];
    const { in: place, name } = now ?? old;
    const at = nested(scope, ` ${place} parameter ${name}`);
    if (old === undefined) {
      const message = `${now.required ? "required" : "optional"} ${place} parameter \`${name}\` added`;
      addChange(at, "parameter-added", message, now.required ? narrowing : never);
    } else if (now === undefined) {
      addChange(at, "parameter-removed", `${place} parameter \`${name}\` removed`, always);
    } else {
      diffRequired(old, now, at, `${place} parameter \`${name}\``);
      diffDocumentation(old, now, at);
      if (old.schema !== undefined || now.schema !== undefined)
        diffSchema(old.schema, now.schema, at);
      diffContent(old.content, now.content, at);
    }
  }
}

function diffRequestBody(rawOld, rawNew, scope) {
  const old = resolveReference(scope.before, rawOld);
  const now = resolveReference(scope.after, rawNew);
  if (old === undefined && now === undefined) return;
  if (old === undefined) {
    const message = `${now.required ? "required" : "optional"} request body added`;
    addChange(scope, "request-body-added", message, now.required ? narrowing : never);
  } else if (now === undefined) {
    addChange(scope, "request-body-removed", "request body removed", always);
  } else {
    diffRequired(old, now, scope, "request body");
    diffDocumentation(old, now, scope);
    diffContent(old.content, now.content, scope);
  }
}

function diffResponses(oldResponses, newResponses, scope) {
  for (const status of new Set([...Object.keys(oldResponses), ...Object.keys(newResponses)])) {
    const old = resolveReference(scope.before, oldResponses[status]);
    const now = resolveReference(scope.after, newResponses[status]);
    const at = nested(scope, ` response ${status}`);
    const success = /^2/.test(status);
    if (old === undefined) {
      addChange(at, "response-added", `response ${status} added`, success ? widening : never);
    } else if (now === undefined) {
      addChange(at, "response-removed", `response ${status} removed`, success ? always : never);
    } else if (isObject(old) && isObject(now)) {
      diffDocumentation(old, now, at);
      diffHeaders(old.headers ?? {}, now.headers ?? {}, at);
      diffContent(old.content, now.content, at);
    }
  }
}

function diffHeaders(oldHeaders, newHeaders, scope) {
  for (const name of new Set([...Object.keys(oldHeaders), ...Object.keys(newHeaders)])) {
    const old = resolveReference(scope.before, oldHeaders[name]);
    const now = resolveReference(scope.after, newHeaders[name]);
    const at = nested(scope, ` header ${name}`);
    if (old === undefined) addChange(at, "header-added", `header \`${name}\` added`, never);
    else if (now === undefined)
      addChange(at, "header-removed", `header \`${name}\` removed`, always);
    else if (isObject(old) && isObject(now)) {
      diffRequired(old, now, at, `header \`${name}\``);
      diffDocumentation(old, now, at);
      if (old.schema !== undefined || now.schema !== undefined)
        diffSchema(old.schema, now.schema, at);
    }
  }
}

function diffContent(oldContent, newContent, scope) {
  const [before, after] = [oldContent ?? {}, newContent ?? {}];
  for (const type of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [old, now] = [before[type], after[type]];
    const at = type === "application/json" ? scope : nested(scope, ` (${type})`);
    if (old === undefined) addChange(at, "media-type-added", `media type ${type} added`, never);
    else if (now === undefined)
      addChange(at, "media-type-removed", `media type ${type} removed`, always);
    else if (isObject(old) && isObject(now)) {
      diffDocumentation(old, now, at);
      if (old.schema !== undefined || now.schema !== undefined)
        diffSchema(old.schema, now.schema, at);
    }
  }
}

/** Records `required` flipping on a parameter, a header or a request body. */
function diffRequired(old, now, scope, what) {
  if (Boolean(old.required) === Boolean(now.required)) return;
  const kind = now.required ? "required-added" : "required-removed";
  const message = `${what} is now ${now.required ? "required" : "optional"}`;
  addChange(scope, kind, message, now.required ? narrowing : widening);
}

function diffSchemas(root) {
  const oldSchemas = root.before.components?.schemas ?? {};
  const newSchemas = root.after.components?.schemas ?? {};
  const oldUsage = schemaUsage(root.before);
  const newUsage = schemaUsage(root.after);
  for (const name of new Set([...Object.keys(oldSchemas), ...Object.keys(newSchemas)])) {
    const sides = new Set([...(oldUsage.get(name) ?? []), ...(newUsage.get(name) ?? [])]);
    const scope = {
      ...root,
      location: name,
      schema: name,
      sides: sides.size > 0 ? sides : bothSides,
    };
    if (!(name in oldSchemas)) addChange(scope, "schema-added", `schema \`${name}\` added`, never);
    else if (!(name in newSchemas))
      addChange(scope, "schema-removed", `schema \`${name}\` removed`, always);
    else diffSchema(oldSchemas[name], newSchemas[name], scope);
  }
}

/** Components other than schemas are compared where operations use them; the rest is reported. */
function diffOtherComponents(before, after, root) {
  const comparedThroughOperations = [
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
  ];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (comparedThroughOperations.includes(key) || same(before[key], after[key])) continue;
    const scope = { ...root, location: `components.${key}` };
    addChange(scope, "contract-changed", "changed; review it", never);
  }
}
