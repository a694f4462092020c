// Walks an OpenAPI document: resolves local `$ref`s, lists the operations, and finds which component
// schemas a request or a response uses, and which schemas a set of roots reaches.

/** HTTP methods an OpenAPI path item may hold, in the order they are reported. */
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const schemaPrefix = "#/components/schemas/";

/**
 * The component schema name a `$ref` points at.
 * @param {unknown} ref a `$ref` value
 * @returns {string | undefined} the name, for `#/components/schemas/<name>` references only
 */
export function schemaName(ref) {
  return typeof ref === "string" && ref.startsWith(schemaPrefix)
    ? decodePointer(ref.slice(schemaPrefix.length))
    : undefined;
}

/**
 * Follows local `$ref`s (`#/...`) until a node without one. References to other files, and references
 * that point nowhere, are left as they are.
 * @param {Record<string, any>} document the document the references belong to
 * @param {any} node a node that may be a reference
 * @returns {any} the node referenced, or `node` itself
 */
export function resolveReference(document, node) {
  const seen = new Set();
  let current = node;
  while (isObject(current) && typeof current.$ref === "string" && current.$ref.startsWith("#")) {
    if (seen.has(current.$ref)) return current;
    seen.add(current.$ref);
    let target = document;
    for (const part of current.$ref.slice(1).split("/").filter(Boolean)) {
      target = isObject(target) || Array.isArray(target) ? target[decodePointer(part)] : undefined;
    }
    if (target === undefined) return current;
    current = target;
  }
  return current;
}

/**
 * The schemas nested directly in a schema (properties, items, variants...), references left as is.
 * @param {any} schema a schema object
 * @returns {any[]} its subschemas
 */
function childSchemas(schema) {
  if (!isObject(schema)) return [];
  const children = [];
  for (const key of ["items", "additionalProperties", "not", "contains", "if", "then", "else"]) {
    if (isObject(schema[key])) children.push(schema[key]);
  }
  for (const key of ["oneOf", "anyOf", "allOf", "prefixItems"]) {
    if (Array.isArray(schema[key])) children.push(...schema[key]);
  }
  for (const key of ["properties", "patternProperties", "dependentSchemas"]) {
    if (isObject(schema[key])) children.push(...Object.values(schema[key]));
  }
  for (const target of Object.values(schema.discriminator?.mapping ?? {})) {
    children.push({ $ref: target.startsWith("#") ? target : `${schemaPrefix}${target}` });
  }
  return children;
}

/**
 * The component schemas reachable from some schemas, the named roots included.
 * @param {Record<string, any>} document an OpenAPI document
 * @param {Iterable<any>} roots schema objects, or names of component schemas
 * @returns {Set<string>} names of the component schemas reached
 */
export function reachableSchemas(document, roots) {
  const reached = new Set();
  const pending = [...roots].map((root) =>
    typeof root === "string" ? { $ref: `${schemaPrefix}${root}` } : root,
  );
  const visited = new Set();
  while (pending.length > 0) {
    const schema = pending.pop();
    if (!isObject(schema) || visited.has(schema)) continue;
    visited.add(schema);
    const name = schemaName(schema.$ref);
    if (name !== undefined) {
      if (reached.has(name)) continue;
      const target = document.components?.schemas?.[name];
      if (target === undefined) continue;
      reached.add(name);
      pending.push(target);
    }
    pending.push(...childSchemas(schema));
  }
  return reached;
}

/**
 * @typedef {object} Operation
 * @property {string} key `METHOD /path`, which identifies the operation across versions
 * @property {string} path the path template
 * @property {string} method the HTTP method, lower case
 * @property {Record<string, any>} operation the operation object
 * @property {any[]} parameters path-level and operation-level parameters, references resolved,
 *   operation-level ones overriding path-level ones with the same `in` and `name`
 */

/**
 * Lists the operations of a document.
 * @param {Record<string, any>} document an OpenAPI document
 * @returns {Map<string, Operation>} the operations by `METHOD /path`
 */
export function listOperations(document) {
  const operations = new Map();
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const item = resolveReference(document, rawItem);
    if (!isObject(item)) continue;
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const parameters = new Map();
      for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = resolveReference(document, raw);
        if (isObject(parameter)) parameters.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      const key = `${method.toUpperCase()} ${path}`;
      operations.set(key, { key, path, method, operation, parameters: [...parameters.values()] });
    }
  }
  return operations;
}

/**
 * The schemas an operation sends (parameters, request body) and receives (response bodies, headers).
 * @param {Record<string, any>} document an OpenAPI document
 * @param {Operation} entry one operation
 * @returns {{ request: any[], response: any[] }} the schema objects, references left as is
 */
function operationSchemas(document, entry) {
  const request = entry.parameters.flatMap((parameter) => parameterSchemas(parameter));
  const body = resolveReference(document, entry.operation.requestBody);
  request.push(...contentSchemas(body?.content));
  const response = [];
  for (const raw of Object.values(entry.operation.responses ?? {})) {
    const answer = resolveReference(document, raw);
    if (!isObject(answer)) continue;
    response.push(...contentSchemas(answer.content));
    for (const header of Object.values(answer.headers ?? {})) {
      response.push(...parameterSchemas(resolveReference(document, header)));
    }
  }
  return { request, response };
}

/**
 * Which side of the API each component schema is on: sent by the client (`request`), received by it
 * (`response`), or both. Schemas no operation reaches are absent.
 * @param {Record<string, any>} document an OpenAPI document
 * @returns {Map<string, Set<"request" | "response">>} the sides, by schema name
 */
export function schemaUsage(document) {
  const usage = new Map();
  for (const entry of listOperations(document).values()) {
    const schemas = operationSchemas(document, entry);
    for (const side of /** @type {const} */ (["request", "response"])) {
      for (const name of reachableSchemas(document, schemas[side])) {
        if (!usage.has(name)) usage.set(name, new Set());
        usage.get(name).add(side);
      }
    }
  }
  return usage;
}

/**
 * Whether a value is a plain object (not null, not an array).
 * @param {unknown} value anything
 * @returns {value is Record<string, any>}
 */
export function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parameterSchemas(parameter) {
  if (!isObject(parameter)) return [];
  return [
    ...(isObject(parameter.schema) ? [parameter.schema] : []),
    ...contentSchemas(parameter.content),
  ];
}

function contentSchemas(content) {
  if (!isObject(content)) return [];
  return Object.values(content)
    .map((media) => media?.schema)
    .filter(isObject);
}

function decodePointer(part) {
  return decodeURIComponent(part).replaceAll("~1", "/").replaceAll("~0", "~");
}
