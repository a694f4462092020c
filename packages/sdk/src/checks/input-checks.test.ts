import { inspect } from "node:util";
import {
  policyEnforcementMessageRoleValues,
  policyEnforcementMessageTypeValues,
  policyGuardrailDirectionValues,
} from "@anthale/client/contract";
import { describe, expect, it } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import {
  checkDirection,
  checkEnforceParams,
  checkIncludeEvaluations,
  checkMaxRetries,
  checkMessages,
  checkMetadata,
  checkOneOf,
  checkPolicyIdentifier,
  checkTimeout,
  MAX_METADATA_DEPTH,
} from "./input-checks.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";

function failure(run: () => unknown): AnthaleValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AnthaleValidationError);
    return error as AnthaleValidationError;
  }
  throw new Error("expected an AnthaleValidationError");
}

/** The policy identifier and the parameters of an `enforce` call, checked in that order. */
function build(params: unknown, id: unknown = policyId) {
  checkPolicyIdentifier(id);
  return checkEnforceParams(params);
}

describe("checkEnforceParams", () => {
  it("keeps only what the contract accepts, and leaves out what was left out", () => {
    const body = build({
      direction: "input",
      messages: [
        { role: "user", content: "Hi", name: "jane" },
        { role: "assistant", content: [{ type: "text", text: "Hello", extra: 1 }] },
      ],
      metadata: { tenantId: "acme" },
      unknownOption: true,
    });
    expect(body).toStrictEqual({
      direction: "input",
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: [{ type: "text", text: "Hello" }] },
      ],
      metadata: { tenantId: "acme" },
    });
  });

  it("keeps includeEvaluations: false", () => {
    expect(
      build({
        direction: "output",
        messages: [{ role: "user", content: "x" }],
        includeEvaluations: false,
      }),
    ).toStrictEqual({
      direction: "output",
      includeEvaluations: false,
      messages: [{ role: "user", content: "x" }],
    });
  });

  it.each([
    [
      "a policy identifier that is not a UUID",
      [{ direction: "input", messages: [] }, "my-policy"],
      "policyIdentifier",
      /UUID/,
    ],
    ["missing params", [undefined], "params", /object/],
    [
      "an unknown direction",
      [{ direction: "sideways", messages: [{ role: "user", content: "x" }] }],
      "direction",
      /"input", "output"/,
    ],
    [
      "messages that are not an array",
      [{ direction: "input", messages: "hello" }],
      "messages",
      /array/,
    ],
    ["no messages", [{ direction: "input", messages: [] }], "messages", /at least one/],
    [
      "a message that is not an object",
      [{ direction: "input", messages: [{ role: "user", content: "x" }, "hello"] }],
      "messages[1]",
      /object/,
    ],
    [
      "an unknown role",
      [
        {
          direction: "input",
          messages: [
            { role: "user", content: "x" },
            { role: "robot", content: "x" },
          ],
        },
      ],
      "messages[1].role",
      /"system", "user", "assistant", "tool".*"robot"/,
    ],
    [
      "content that is neither string nor array",
      [{ direction: "input", messages: [{ role: "user", content: 5 }] }],
      "messages[0].content",
      /string or an array/,
    ],
    [
      "empty content blocks",
      [{ direction: "input", messages: [{ role: "user", content: [] }] }],
      "messages[0].content",
      /at least one block/,
    ],
    [
      "a block of unknown type",
      [{ direction: "input", messages: [{ role: "user", content: [{ type: "pdf", text: "x" }] }] }],
      "messages[0].content[0].type",
      /"text"/,
    ],
    [
      "a text block without text",
      [
        {
          direction: "input",
          messages: [
            { role: "user", content: "a" },
            { role: "user", content: "b" },
            { role: "user", content: [{ type: "text", text: "ok" }, { type: "text" }] },
          ],
        },
      ],
      "messages[2].content[1].text",
      /must be a string/,
    ],
    [
      "includeEvaluations that is not a boolean",
      [
        {
          direction: "input",
          messages: [{ role: "user", content: "x" }],
          includeEvaluations: "yes",
        },
      ],
      "includeEvaluations",
      /true or false/,
    ],
  ])("rejects %s, naming where", (_name, args, path, problem) => {
    const error = failure(() => build(...(args as [unknown, unknown?])));
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.message).toMatch(problem);
  });
});

describe("checkPolicyIdentifier", () => {
  it("accepts a UUID in either case", () => {
    expect(checkPolicyIdentifier(policyId.toUpperCase())).toBe(policyId.toUpperCase());
  });
  it("names the option it checks", () => {
    expect(failure(() => checkPolicyIdentifier(42, "options.policyId")).path).toBe(
      "options.policyId",
    );
  });
});

describe("checkMetadata", () => {
  it("accepts JSON values and objects with toJSON, and returns a copy", () => {
    const metadata = { a: 1, b: [true, null, "x"], c: { d: new Date(0) }, e: undefined };
    const copy = checkMetadata(metadata);
    expect(copy).not.toBe(metadata);
    expect(copy).toStrictEqual({
      a: 1,
      b: [true, null, "x"],
      c: { d: "1970-01-01T00:00:00.000Z" },
    });
  });
  it("accepts the same object twice when it is not a cycle", () => {
    const shared = { id: 1 };
    expect(() => checkMetadata({ a: shared, b: shared })).not.toThrow();
  });
  it.each([
    ["a BigInt", { user: { id: 10n } }, "metadata.user.id", /BigInt/],
    ["a function", { callback: () => 1 }, "metadata.callback", /function/],
    ["a symbol", { tags: ["a", Symbol("b")] }, "metadata.tags[1]", /symbol/],
    ["a value that is not an object", ["a"], "metadata", /plain object/],
    ["a class instance", new Map(), "metadata", /plain object/],
  ])("rejects %s, naming the key", (_name, metadata, path, problem) => {
    const error = failure(() => checkMetadata(metadata));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(problem);
  });
  it("rejects a cycle, naming the key", () => {
    const node: Record<string, unknown> = { name: "root" };
    node.child = { parent: node };
    const error = failure(() => checkMetadata(node));
    expect(error.path).toBe("metadata.child.parent");
    expect(error.message).toMatch(/cycle/);
  });
});

describe("checkTimeout and checkMaxRetries", () => {
  it("accept sensible values", () => {
    expect(checkTimeout(1500, "options.timeout")).toBe(1500);
    expect(checkMaxRetries(0, "options.maxRetries")).toBe(0);
  });
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, "10"])("reject timeout %s", (value) => {
    expect(failure(() => checkTimeout(value, "options.timeout")).path).toBe("options.timeout");
  });
  it.each([-1, 1.5, Number.NaN, "2"])("reject maxRetries %s", (value) => {
    expect(failure(() => checkMaxRetries(value, "options.maxRetries")).path).toBe(
      "options.maxRetries",
    );
  });
});

describe("a policy identifier that is not a UUID", () => {
  it("is never quoted back, in case it is a secret pasted in the wrong place", () => {
    const secret = "sk-live-0123456789abcdefghijklmnopqrstuvwxyz";
    const error = failure(() => checkPolicyIdentifier(secret));
    expect(error.message).not.toContain("sk-live");
    expect(error.message).toContain(`a ${secret.length}-character string`);
  });
});

// What follows is about values JavaScript holds but JSON cannot carry as they are, and caller
// code (getters, proxies, toJSON) that runs while the body is read. Each is refused before any
// request with an AnthaleValidationError naming the place, never a raw TypeError or RangeError.

/** Text a throwing getter or toJSON carries; no validation error may repeat it. */
const secret = "sk-live-DO-NOT-PRINT-4f2a";
const user = { role: "user", content: "Hi" };
const withMessages = (...messages: unknown[]) => ({ direction: "input", messages });
const withMetadata = (metadata: unknown) => ({ direction: "input", messages: [user], metadata });

/** `target` with an enumerable `key` whose getter throws a TypeError quoting the secret. */
function throwingGetter<T extends object>(target: T, key: PropertyKey): T {
  return Object.defineProperty(target, key, {
    enumerable: true,
    get() {
      throw new TypeError(`boom ${secret}`);
    },
  });
}

/** An array of `length` with only the given indexes filled: holes everywhere else. */
function sparse(length: number, entries: Record<number, unknown>): unknown[] {
  return Object.assign(new Array(length), entries);
}

/** `levels` objects nested in one another (`{ a: { a: ... } }`, the outer one counted). */
function nestedObjects(levels: number): Record<string, unknown> {
  let node: Record<string, unknown> = {};
  for (let level = 1; level < levels; level++) node = { a: node };
  return node;
}

/** `levels` arrays nested in one another. */
function nestedArrays(levels: number): unknown[] {
  let node: unknown[] = [];
  for (let level = 1; level < levels; level++) node = [node];
  return node;
}

function rejects(params: unknown, path: string, problem: RegExp): AnthaleValidationError {
  const error = failure(() => build(params));
  expect(error.path).toBe(path);
  expect(error.message).toMatch(problem);
  return error;
}

describe("holes and undefined in arrays", () => {
  it.each([
    ["a hole before a message", sparse(2, { 1: user }), "messages[0]"],
    ["new Array(2)", new Array(2), "messages[0]"],
    ["a hole after a message", sparse(3, { 0: user, 2: user }), "messages[1]"],
  ])("refuses %s in messages", (_name, messages, path) => {
    rejects({ direction: "input", messages }, path, /hole.*null/);
  });
  it("refuses a hole in a message's blocks", () => {
    const content = sparse(3, { 0: { type: "text", text: "a" }, 2: { type: "text", text: "b" } });
    rejects(withMessages(user, { role: "user", content }), "messages[1].content[1]", /hole/);
  });
  it("refuses a hole or undefined in a metadata array", () => {
    rejects(
      withMetadata({ user: { tags: sparse(3, { 0: "a", 2: "c" }) } }),
      "metadata.user.tags[1]",
      /hole.*null/,
    );
    rejects(withMetadata({ tags: ["a", undefined] }), "metadata.tags[1]", /undefined.*null/);
  });
});

describe("values JSON would alter or drop", () => {
  it.each([
    ["NaN", Number.NaN, /NaN, which JSON would send as null/],
    ["Infinity", Number.POSITIVE_INFINITY, /Infinity, which JSON would send as null/],
    ["-Infinity", Number.NEGATIVE_INFINITY, /-Infinity/],
    ["a Map", new Map([["a", 1]]), /a Map, .*\(convert it to a plain object/],
    ["a Set", new Set([1]), /a Set, .*\(convert it to an array\)/],
    ["a WeakMap", new WeakMap(), /a WeakMap, .*cannot be listed/],
    ["a Uint8Array", new Uint8Array([1, 2]), /a Uint8Array, .*array or a string/],
    ["a boxed string", new String("x"), /a String, .*primitive value/],
    ["a RegExp", /x/, /a RegExp/],
    [
      "a class instance",
      new (class Order {
        id = 1;
      })(),
      /an instance of Order, .*plain object or give it a toJSON/,
    ],
  ])("refuses %s, saying what it is", (_name, value, problem) => {
    rejects(withMetadata({ user: { score: value } }), "metadata.user.score", problem);
  });
  it("refuses a Map as the metadata itself, naming it", () => {
    rejects(withMetadata(new Map()), "metadata", /plain object, got a Map/);
  });
  it("sends -0 as 0, which is what JSON would send", () => {
    const body = build(withMetadata({ n: -0 }));
    expect(Object.is(body.metadata?.n, 0)).toBe(true);
  });
  it("ignores symbol keys and leaves undefined values out, as JSON does", () => {
    const body = build(withMetadata({ kept: 1, gone: undefined, [Symbol("s")]: 2 }));
    expect(body.metadata).toStrictEqual({ kept: 1 });
    expect(Object.keys(body.metadata ?? {})).toEqual(["kept"]);
  });
  it("names keys that are not identifiers in brackets", () => {
    rejects(withMetadata({ "first name": Number.NaN }), 'metadata["first name"]', /NaN/);
  });
});

describe("getters, proxies and toJSON that throw", () => {
  const block = () => ({ type: "text", text: "ok" });
  it.each([
    ["direction", () => throwingGetter(withMessages(user), "direction"), "direction"],
    ["messages", () => throwingGetter({ direction: "input" }, "messages"), "messages"],
    ["metadata", () => throwingGetter(withMessages(user), "metadata"), "metadata"],
    [
      "includeEvaluations",
      () => throwingGetter(withMessages(user), "includeEvaluations"),
      "includeEvaluations",
    ],
    [
      "an index of messages",
      () => ({ direction: "input", messages: throwingGetter([user, user], 1) }),
      "messages[1]",
    ],
    [
      "a role",
      () => withMessages(user, throwingGetter({ content: "x" }, "role")),
      "messages[1].role",
    ],
    [
      "a content",
      () => withMessages(user, throwingGetter({ role: "user" }, "content")),
      "messages[1].content",
    ],
    [
      "a block",
      () => withMessages(user, { role: "user", content: throwingGetter([block()], 0) }),
      "messages[1].content[0]",
    ],
    [
      "a block's text",
      () =>
        withMessages(user, { role: "user", content: [throwingGetter({ type: "text" }, "text")] }),
      "messages[1].content[0].text",
    ],
    [
      "a metadata value",
      () => withMetadata({ user: { tags: throwingGetter(["a", "b"], 2) } }),
      "metadata.user.tags[2]",
    ],
  ])("on %s: an error naming it, without the thrown message", (_name, params, path) => {
    const error = rejects(params(), path, /could not be read: reading it threw a TypeError/);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain("boom");
    expect("cause" in error).toBe(false);
    expect(inspect(error)).not.toContain(secret);
  });

  it("on a proxy whose traps throw: an error naming it", () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new RangeError(secret);
        },
      },
    );
    rejects(withMessages(user, hostile), "messages[1]", /inspecting it threw a RangeError/);
    rejects(withMetadata({ user: hostile }), "metadata.user", /threw a RangeError/);
    const revocable = Proxy.revocable([user], {});
    revocable.revoke();
    rejects({ direction: "input", messages: revocable.proxy }, "messages", /threw a TypeError/);
    const unlistable = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error(secret);
        },
      },
    );
    const error = rejects(
      withMetadata({ user: unlistable }),
      "metadata.user",
      /listing its keys threw an Error/,
    );
    expect(error.message).not.toContain(secret);
  });

  it("on an array proxy that answers a length that is not a count", () => {
    const lying = new Proxy([user], {
      get: (target, key) => (key === "length" ? Number.NaN : Reflect.get(target, key)),
    });
    rejects({ direction: "input", messages: lying }, "messages", /length is not a count/);
  });

  it("when what is thrown is not an Error, says so without quoting it", () => {
    const metadata = Object.defineProperty({}, "user", {
      enumerable: true,
      get() {
        throw secret;
      },
    });
    const error = rejects(
      withMetadata(metadata),
      "metadata.user",
      /threw a value that is not an Error/,
    );
    expect(error.message).not.toContain(secret);
  });

  it("on a toJSON that throws, or returns what JSON cannot carry", () => {
    const throwing = {
      toJSON() {
        throw new TypeError(secret);
      },
    };
    const error = rejects(
      withMetadata({ when: throwing }),
      "metadata.when",
      /its toJSON method threw a TypeError/,
    );
    expect(error.message).not.toContain(secret);
    expect("cause" in error).toBe(false);
    rejects(
      withMetadata({ user: { id: { toJSON: () => 10n } } }),
      "metadata.user.id",
      /its toJSON returned a BigInt/,
    );
    rejects(
      withMetadata({ user: { toJSON: () => new Map() } }),
      "metadata.user",
      /toJSON returned a Map/,
    );
    rejects(
      withMetadata({ list: [{ toJSON: () => undefined }] }),
      "metadata.list[0]",
      /toJSON returned undefined.*null/,
    );
    rejects(
      withMetadata(throwingGetter({ id: 1 }, "toJSON")),
      "metadata",
      /reading its toJSON threw a TypeError/,
    );
  });

  it("on a toJSON that returns an object containing it: a cycle", () => {
    const root: Record<string, unknown> = {};
    root.child = { toJSON: () => root };
    rejects(withMetadata(root), "metadata.child", /cycle/);
  });
});

describe("what is sent is what was checked", () => {
  it("reads every getter once: serializing the body runs no caller code", () => {
    let contentReads = 0;
    const message = {
      role: "user",
      get content() {
        contentReads++;
        return contentReads === 1 ? "checked" : { not: "checked" };
      },
    };
    let metadataReads = 0;
    const metadata = {
      get tenant() {
        metadataReads++;
        return metadataReads === 1 ? "acme" : 10n;
      },
    };
    const body = build({ direction: "input", messages: [message], metadata });
    const sent = JSON.stringify(body);
    expect([contentReads, metadataReads]).toEqual([1, 1]);
    expect(JSON.parse(sent)).toStrictEqual({
      direction: "input",
      messages: [{ role: "user", content: "checked" }],
      metadata: { tenant: "acme" },
    });
  });

  it("applies toJSON once, while checking, and sends its checked result", () => {
    let calls = 0;
    const stamp = {
      toJSON(key: string) {
        calls++;
        return calls === 1 ? { at: "noon", key } : 10n;
      },
    };
    const body = build(withMetadata({ stamp, day: new Date(0) }));
    expect(calls).toBe(1);
    expect(body.metadata).toStrictEqual({
      stamp: { at: "noon", key: "stamp" },
      day: "1970-01-01T00:00:00.000Z",
    });
    expect(() => JSON.stringify(body)).not.toThrow();
    expect(calls).toBe(1);
  });

  it("is a copy: changing the input afterwards changes nothing that is sent", () => {
    const metadata = { user: { id: 1 } };
    const body = build(withMetadata(metadata));
    metadata.user.id = 2;
    expect(body.metadata).toStrictEqual({ user: { id: 1 } });
  });

  it("keeps a __proto__ key as a key, as JSON.parse made it", () => {
    const metadata = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const body = build(withMetadata(metadata));
    expect(Object.getPrototypeOf(body.metadata)).toBe(Object.prototype);
    expect(JSON.stringify(body.metadata)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it("accepts objects without prototype and copies them as plain objects", () => {
    const metadata = Object.assign(Object.create(null), { a: 1 });
    expect(build(withMetadata(metadata)).metadata).toStrictEqual({ a: 1 });
  });

  it("keeps lone surrogates, which JSON escapes and gives back", () => {
    const text = "a\ud800b\udc00";
    const body = build({
      direction: "input",
      messages: [{ role: "user", content: text }],
      metadata: { text },
    });
    expect(JSON.parse(JSON.stringify(body))).toStrictEqual(body);
    expect(body.messages[0]?.content).toBe(text);
  });
});

describe(`nesting deeper than ${MAX_METADATA_DEPTH} levels`, () => {
  it(`accepts ${MAX_METADATA_DEPTH} levels and refuses one more, naming where`, () => {
    expect(MAX_METADATA_DEPTH).toBe(64);
    expect(() => build(withMetadata(nestedObjects(64)))).not.toThrow();
    rejects(withMetadata(nestedObjects(65)), `metadata${".a".repeat(64)}`, /deeper than 64 levels/);
    rejects(
      withMetadata({ list: nestedArrays(64) }),
      `metadata.list${"[0]".repeat(63)}`,
      /deeper than 64/,
    );
  });
  it("refuses 20,000 levels with a validation error, not a stack overflow", () => {
    rejects(withMetadata(nestedObjects(20_000)), `metadata${".a".repeat(64)}`, /deeper/);
    rejects(
      withMetadata({ list: nestedArrays(20_000) }),
      `metadata.list${"[0]".repeat(63)}`,
      /deeper/,
    );
  });
});

describe("the lists checked against are the contract's", () => {
  /** The "one of ..." text an error gives for `values`. */
  const listed = (values: readonly string[]) => values.map((value) => `"${value}"`).join(", ");

  it("directions: every one the contract lists is accepted, and the error lists them all", () => {
    for (const direction of policyGuardrailDirectionValues) {
      expect(checkDirection(direction)).toBe(direction);
    }
    const error = failure(() => checkDirection("sideways"));
    expect(error.message).toBe(
      `direction: must be one of ${listed(policyGuardrailDirectionValues)}, got "sideways"`,
    );
  });

  it("roles and block types: every one the contract lists is accepted", () => {
    const messages = policyEnforcementMessageRoleValues.map((role) => ({
      role,
      content: policyEnforcementMessageTypeValues.map((type) => ({ type, text: type })),
    }));
    expect(checkMessages(messages)).toStrictEqual(messages);
    expect(failure(() => checkMessages([{ role: "robot", content: "x" }])).message).toContain(
      listed(policyEnforcementMessageRoleValues),
    );
    const block = [{ role: "user", content: [{ type: "pdf", text: "x" }] }];
    expect(failure(() => checkMessages(block)).message).toContain(
      listed(policyEnforcementMessageTypeValues),
    );
  });
});

describe("checkOneOf and checkIncludeEvaluations", () => {
  it("return what they accept and name the path of what they refuse", () => {
    expect(checkOneOf("options.level", "b", ["a", "b"])).toBe("b");
    expect(failure(() => checkOneOf("options.level", "c", ["a", "b"])).message).toBe(
      'options.level: must be one of "a", "b", got "c"',
    );
    expect(checkIncludeEvaluations(false)).toBe(false);
    expect(failure(() => checkIncludeEvaluations(1)).path).toBe("includeEvaluations");
  });
});
