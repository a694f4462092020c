// Checks of what a caller passes to `enforce` and to the client's numeric options: each check
// throws an `AnthaleValidationError` naming the offending place, and returns the checked value
// (for messages and metadata, a fresh copy made only of what was checked). The allowed directions,
// roles and block types are the contract's own lists, generated into @anthale/client.
import {
  policyEnforcementMessageRoleValues,
  policyEnforcementMessageTypeValues,
  policyGuardrailDirectionValues,
} from "@anthale/client/contract";
import { AnthaleValidationError } from "../base/errors.js";
import type { ContentBlock, Direction, Message, Metadata } from "../base/types.js";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How deeply metadata may nest: the metadata object itself is level 1, and the objects and arrays
 * inside it may reach level 64, no further. Deeper metadata is refused with an
 * `AnthaleValidationError` instead of exhausting the stack (`JSON.stringify` overflows it at a few
 * thousand levels on Node 20); tracing context never needs more than a handful of levels.
 */
export const MAX_METADATA_DEPTH = 64;

// ---------------------------------------------------------------------------------------------
// Paths: where a value sits, written out only when an error needs it.

/**
 * A chain of keys from a root such as `messages` or `metadata`. Checking valid input builds
 * these small links but no strings; {@link pathText} writes one out for an error.
 */
interface Path {
  readonly parent: Path | undefined;
  readonly key: string | number;
}

/** The path of `key` inside `parent`; with no parent, `key` is a root written as it is. */
const pathTo = (parent: Path | undefined, key: string | number): Path => ({ parent, key });

const identifier = /^[A-Za-z_$][\w$]*$/;

/** Cuts long text (a key, a value, a class name) before it goes into an error message. */
function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Writes `path` out: `messages[1].content[0].text`, `metadata.user["first name"]`. */
function pathText(path: Path): string {
  const { parent, key } = path;
  if (parent === undefined) return String(key);
  const prefix = pathText(parent);
  if (typeof key === "number") return `${prefix}[${key}]`;
  return identifier.test(key) ? `${prefix}.${key}` : `${prefix}[${JSON.stringify(shorten(key))}]`;
}

// ---------------------------------------------------------------------------------------------
// Errors.

const articled = (name: string) => `${/^[AEIO]/.test(name) ? "an" : "a"} ${name}`;

/** What `JSON.stringify` leaves of some objects, and what to do instead, by their tag. */
const objectAdvice: Record<string, string> = {
  Map: "convert it to a plain object, for example with Object.fromEntries",
  Set: "convert it to an array",
  WeakMap: "its entries cannot be listed",
  WeakSet: "its entries cannot be listed",
  String: "use the primitive value",
  Number: "use the primitive value",
  Boolean: "use the primitive value",
  Promise: "await it first",
};

/**
 * Names an object that is neither plain nor an array ("a Map", "a Uint8Array", "an instance of
 * Order") and says what to do with it. Only names that look like identifiers are quoted: a
 * `Symbol.toStringTag` or a class name is code, but is not trusted to be short or tidy.
 */
function nameOf(value: object): { name: string; advice: string } {
  const fallback = "convert it to a plain object or give it a toJSON method";
  try {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    if (tag !== "Object" && identifier.test(tag) && tag.length <= 40) {
      const binary = ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
      const advice = binary ? "convert it to an array or a string" : objectAdvice[tag];
      return { name: articled(tag), advice: advice ?? fallback };
    }
    const constructorName: unknown = Object.getPrototypeOf(value)?.constructor?.name;
    if (typeof constructorName === "string" && identifier.test(constructorName)) {
      return { name: `an instance of ${shorten(constructorName)}`, advice: fallback };
    }
  } catch {
    // A proxy or an odd prototype threw while being named: say less.
  }
  return { name: "an object with an unusual prototype", advice: fallback };
}

function describe(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(shorten(value));
    case "undefined":
      return "undefined";
    case "bigint":
      return "a BigInt";
    case "function":
    case "symbol":
      return `a ${typeof value}`;
    case "number":
    case "boolean":
      return `${typeof value} ${String(value)}`;
  }
  if (value === null) return "null";
  try {
    if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
    const prototype = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) return "an object";
  } catch {
    return "an object";
  }
  return nameOf(value as object).name;
}

/** The error for a value at `path` that is not what it must be. */
export function invalid(path: string, expected: string, value: unknown): AnthaleValidationError {
  return new AnthaleValidationError(path, `must be ${expected}, got ${describe(value)}`);
}

/** Whether `value` is one of `allowed`. */
function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  const members: readonly unknown[] = allowed;
  return members.includes(value);
}

/** Throws unless `value` is one of `allowed`; returns it, typed. */
export function checkOneOf<T extends string>(
  path: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!isOneOf(value, allowed)) {
    throw invalid(path, `one of ${allowed.map((entry) => `"${entry}"`).join(", ")}`, value);
  }
  return value;
}

/** {@link checkOneOf} for a {@link Path}, written out only when `value` is not allowed. */
function memberAt<T extends string>(value: unknown, allowed: readonly T[], path: Path): T {
  return isOneOf(value, allowed) ? value : checkOneOf(pathText(path), value, allowed);
}

function problemAt(path: Path, problem: string): AnthaleValidationError {
  return new AnthaleValidationError(pathText(path), problem);
}

const errorClasses = [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];

/** The kind of a thrown value, without a word of its message. */
function thrownKind(thrown: unknown): string {
  try {
    const known = errorClasses.find((ErrorClass) => thrown instanceof ErrorClass);
    if (known) return articled(known.name);
    if (thrown instanceof Error) return "an Error";
  } catch {
    // A proxy can throw even from instanceof.
  }
  return "a value that is not an Error";
}

/**
 * The error for a getter, proxy or toJSON that threw while the value at `path` was read (`what`
 * says which). It names only the kind of what was thrown, and keeps no `cause`: the thrown
 * error's message, stack and fields come from the caller's code and may hold user data or
 * secrets, which would then reach logs through this error.
 */
function threwAt(path: Path, what: string, thrown: unknown): AnthaleValidationError {
  return problemAt(path, `could not be read: ${what} threw ${thrownKind(thrown)}`);
}

// ---------------------------------------------------------------------------------------------
// Guarded reads: a getter or a proxy trap that throws becomes an error naming the path.

/** `owner[key]`, read once; a throw becomes an error at the path of `key` in `ownerPath`. */
function read(owner: object, key: string | number, ownerPath: Path | undefined): unknown {
  try {
    return (owner as Record<string | number, unknown>)[key];
  } catch (thrown) {
    throw threwAt(pathTo(ownerPath, key), "reading it", thrown);
  }
}

/** Whether `array` has an element at `index`, as opposed to a hole. */
function hasIndex(array: object, index: number, path: Path): boolean {
  try {
    return index in array;
  } catch (thrown) {
    throw threwAt(pathTo(path, index), "reading it", thrown);
  }
}

/** The length of an array; only a proxy can answer something else than a count, or throw. */
function lengthOf(array: object, path: Path): number {
  const length = read(array, "length", path);
  if (!Number.isSafeInteger(length) || (length as number) < 0) {
    throw problemAt(path, "is an array whose length is not a count");
  }
  return length as number;
}

/** Whether `value` is an object other than an array, whose fields can be read as unknowns. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `"plain"` for an object with the usual or no prototype, `"array"`, or `"other"`. */
function shapeOf(value: unknown, path: Path): "plain" | "array" | "other" {
  if (value === null || typeof value !== "object") return "other";
  try {
    if (Array.isArray(value)) return "array";
    const prototype = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null ? "plain" : "other";
  } catch (thrown) {
    throw threwAt(path, "inspecting it", thrown);
  }
}

// ---------------------------------------------------------------------------------------------
// Messages: copied field by field, so the body holds exactly the values that were checked.

function copyBlock(block: unknown, path: Path): ContentBlock {
  if (shapeOf(block, path) !== "plain") {
    throw invalid(pathText(path), "a { type, text } block", block);
  }
  const type = memberAt(
    read(block as object, "type", path),
    policyEnforcementMessageTypeValues,
    pathTo(path, "type"),
  );
  const text = read(block as object, "text", path);
  if (typeof text !== "string") throw invalid(pathText(pathTo(path, "text")), "a string", text);
  return { type, text };
}

/**
 * Copies a non-empty array item by item (read once each, by index), refusing holes, which JSON
 * would send as `null`. `expected` says what the array must be; `noun` names one item.
 */
function copyList<T>(
  list: unknown,
  path: Path,
  expected: string,
  noun: string,
  copyItem: (item: unknown, at: Path) => T,
): T[] {
  const length = shapeOf(list, path) === "array" ? lengthOf(list as object, path) : 0;
  if (length === 0) throw invalid(pathText(path), expected, list);
  const copies: T[] = [];
  for (let index = 0; index < length; index++) {
    const at = pathTo(path, index);
    if (!hasIndex(list as object, index, path)) {
      throw problemAt(at, `is a hole (no ${noun} at this index), which JSON would send as null`);
    }
    copies.push(copyItem(read(list as object, index, path), at));
  }
  return copies;
}

function copyBlocks(content: unknown, path: Path): ContentBlock[] {
  return copyList(content, path, "a string or an array of at least one block", "block", copyBlock);
}

function copyMessage(message: unknown, path: Path): Message {
  if (shapeOf(message, path) !== "plain") {
    throw invalid(pathText(path), "an object with role and content", message);
  }
  const role = memberAt(
    read(message as object, "role", path),
    policyEnforcementMessageRoleValues,
    pathTo(path, "role"),
  );
  const content = read(message as object, "content", path);
  // The common case, string content, is done here: no path string was built.
  if (typeof content === "string") return { role, content };
  return { role, content: copyBlocks(content, pathTo(path, "content")) };
}

// ---------------------------------------------------------------------------------------------
// Metadata: any JSON value, copied into plain objects and arrays.

/** Sets `copy[key]`, as an own property even for `__proto__` (which `=` would treat as the prototype). */
function setOwn(copy: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(copy, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    copy[key] = value;
  }
}

/**
 * A fresh copy of `value` made of plain objects, arrays, strings, finite numbers, booleans and
 * null: what `JSON.stringify` would send, with every getter and `toJSON` run once, here, and
 * never again when the copy is serialized. Throws at the first value JSON would drop, alter or
 * choke on. Returns `undefined` for a value JSON leaves out (`undefined`, or a `toJSON` that
 * returns it); the caller decides what that means.
 *
 * `key` is what `JSON.stringify` would pass to a `toJSON` method; `ancestors` are the objects
 * being copied around this one (to find cycles and count depth); `viaToJSON` says `value` is the
 * result of a `toJSON`, which is not applied twice (as JSON does).
 */
function copyJson(
  value: unknown,
  path: Path,
  key: string,
  ancestors: object[],
  viaToJSON = false,
): unknown {
  const subject = viaToJSON ? "its toJSON returned" : "is";
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
      return value;
    case "number":
      if (Number.isFinite(value)) return value === 0 ? 0 : value; // -0 is sent as 0.
      throw problemAt(path, `${subject} ${value}, which JSON would send as null`);
    case "bigint":
      throw problemAt(
        path,
        `${subject} a BigInt, which JSON cannot represent (convert it to a string or a number)`,
      );
    case "function":
    case "symbol":
      throw problemAt(path, `${subject} a ${typeof value}, which JSON cannot represent`);
  }
  if (value === null) return null;
  const object = value as object;
  if (!viaToJSON) {
    let toJSON: unknown;
    try {
      toJSON = (object as { toJSON?: unknown }).toJSON;
    } catch (thrown) {
      throw threwAt(path, "reading its toJSON", thrown);
    }
    if (typeof toJSON === "function") {
      let result: unknown;
      try {
        result = toJSON.call(object, key);
      } catch (thrown) {
        throw threwAt(path, "its toJSON method", thrown);
      }
      return copyJson(result, path, key, ancestors, true);
    }
  }
  if (ancestors.includes(object)) {
    throw problemAt(
      path,
      `${subject} an object that contains it (a cycle), which JSON cannot represent`,
    );
  }
  if (ancestors.length >= MAX_METADATA_DEPTH) {
    throw problemAt(path, `nests deeper than ${MAX_METADATA_DEPTH} levels of objects and arrays`);
  }
  const shape = shapeOf(object, path);
  if (shape === "other") {
    const { name, advice } = nameOf(object);
    throw problemAt(path, `${subject} ${name}, which JSON cannot represent (${advice})`);
  }
  ancestors.push(object);
  const copy =
    shape === "array" ? copyArray(object, path, ancestors) : copyObject(object, path, ancestors);
  ancestors.pop();
  return copy;
}

function copyArray(array: object, path: Path, ancestors: object[]): unknown[] {
  const length = lengthOf(array, path);
  const copy: unknown[] = [];
  for (let index = 0; index < length; index++) {
    const itemPath = pathTo(path, index);
    if (!hasIndex(array, index, path)) {
      throw problemAt(itemPath, "is a hole (a missing element), which JSON would send as null");
    }
    const item = read(array, index, path);
    const itemCopy = copyJson(item, itemPath, String(index), ancestors);
    if (itemCopy === undefined) {
      const what = item === undefined ? "is undefined" : "its toJSON returned undefined";
      throw problemAt(itemPath, `${what}, which JSON would send as null`);
    }
    copy.push(itemCopy);
  }
  return copy;
}

function copyObject(object: object, path: Path, ancestors: object[]): Record<string, unknown> {
  let keys: string[];
  try {
    keys = Object.keys(object); // Own enumerable string keys, as JSON; symbol keys are ignored.
  } catch (thrown) {
    throw threwAt(path, "listing its keys", thrown);
  }
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const item = copyJson(read(object, key, path), pathTo(path, key), key, ancestors);
    if (item !== undefined) setOwn(copy, key, item); // JSON leaves undefined values out.
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Exports.

/** Throws unless `value` is a policy identifier (a UUID); returns it. */
export function checkPolicyIdentifier(value: unknown, path = "policyIdentifier"): string {
  if (typeof value !== "string" || !uuidPattern.test(value)) {
    // A string is not quoted back: a secret pasted in the wrong place must not reach a log.
    const got = typeof value === "string" ? `a ${value.length}-character string` : describe(value);
    throw new AnthaleValidationError(path, `must be a policy identifier (a UUID), got ${got}`);
  }
  return value;
}

/** Throws unless `value` is one of the contract's directions (`"input"`, `"output"`); returns it. */
export function checkDirection(value: unknown, path = "direction"): Direction {
  return checkOneOf(path, value, policyGuardrailDirectionValues);
}

/**
 * Checks a conversation and returns a fresh copy of it holding only what the contract accepts:
 * each message's `role` and `content`, each block's `type` and `text`, read once each (by index
 * for arrays), so what is sent is exactly what was checked. Roles and block types are the
 * contract's. Throws `AnthaleValidationError` naming the first offending place (such as
 * `messages[1].content[0].text`) for: a value that is not a non-empty array, a hole, a message or
 * block that is not a plain object, an unknown role or block type, content that is neither a
 * string nor a non-empty array of blocks, a text that is not a string, and a getter or proxy that
 * throws (without quoting what was thrown). Other fields are left out.
 */
export function checkMessages(value: unknown, path = "messages"): Message[] {
  return copyList(
    value,
    pathTo(undefined, path),
    "an array of at least one message",
    "message",
    copyMessage,
  );
}

/** Throws unless `value` is `true` or `false`; returns it. */
export function checkIncludeEvaluations(value: unknown, path = "includeEvaluations"): boolean {
  if (typeof value !== "boolean") throw invalid(path, "true or false", value);
  return value;
}

/**
 * Checks metadata and returns a fresh copy made only of plain JSON values, which
 * `JSON.stringify` serializes without running any caller code, throwing or changing anything.
 * `toJSON` methods (a `Date`'s, for example) are applied once, here, and their results checked.
 *
 * Throws `AnthaleValidationError` naming the first offending place (such as
 * `metadata.user.tags[2]`) for: a root that is not a plain object; a hole or `undefined` in an
 * array; `NaN` or an infinity; a BigInt, function or symbol value; a Map, Set, WeakMap, typed
 * array, boxed primitive or class instance without `toJSON`; a cycle; nesting deeper than
 * {@link MAX_METADATA_DEPTH}; a getter, proxy or `toJSON` that throws (the error says so without
 * quoting what was thrown). As JSON does, symbol keys are ignored and `undefined` values left out.
 */
export function checkMetadata(value: unknown, path = "metadata"): Metadata {
  const root = pathTo(undefined, path);
  if (shapeOf(value, root) !== "plain") throw invalid(path, "a plain object", value);
  // "metadata" is the key JSON.stringify would pass to a toJSON of the body's metadata.
  const copy = copyJson(value, root, "metadata", []);
  if (!isRecord(copy)) throw invalid(path, "a plain object (its toJSON changed it)", copy);
  return copy;
}

/** The enforce parameters once checked: fresh copies of what the caller passed. */
export interface CheckedEnforceParams {
  readonly direction: Direction;
  readonly messages: Message[];
  /** Absent when the caller left it out. */
  readonly includeEvaluations?: boolean;
  /** Absent when the caller left it out. */
  readonly metadata?: Metadata;
}

/**
 * Checks the parameters of `enforce`, reading each of `direction`, `messages`, `includeEvaluations`
 * and `metadata` once (a getter that throws is an error naming it), with {@link checkDirection},
 * {@link checkMessages}, {@link checkIncludeEvaluations} and {@link checkMetadata}. Other fields
 * are ignored.
 */
export function checkEnforceParams(params: unknown): CheckedEnforceParams {
  if (shapeOf(params, pathTo(undefined, "params")) !== "plain") {
    throw invalid("params", "an object with direction and messages", params);
  }
  const fields = params as object;
  const direction = checkDirection(read(fields, "direction", undefined));
  const messages = checkMessages(read(fields, "messages", undefined));
  const includeEvaluations = read(fields, "includeEvaluations", undefined);
  const metadata = read(fields, "metadata", undefined);
  return {
    direction,
    messages,
    ...(includeEvaluations === undefined
      ? {}
      : { includeEvaluations: checkIncludeEvaluations(includeEvaluations) }),
    ...(metadata === undefined ? {} : { metadata: checkMetadata(metadata) }),
  };
}

/** Throws unless `value` is a positive number of milliseconds. */
export function checkTimeout(value: unknown, path: string): number {
  if (!(typeof value === "number" && value > 0 && value < Number.POSITIVE_INFINITY)) {
    throw invalid(path, "a positive number of milliseconds", value);
  }
  return value;
}

/** Throws unless `value` is a whole number of retries, 0 or more. */
export function checkMaxRetries(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw invalid(path, "a whole number, 0 or more", value);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
