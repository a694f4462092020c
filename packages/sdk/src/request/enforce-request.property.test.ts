// Properties of buildEnforceRequest, the checks and normalization every enforce call goes
// through: on any value it either throws AnthaleValidationError or returns a body the contract
// accepts, which a sample of requests (URL and body) proves against the Prism mock of the
// contract itself.
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import { buildEnforceRequest } from "./enforce-request.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const roles = ["system", "user", "assistant", "tool"];
const blockTypes = ["text", "document", "image", "audio", "video"];

/** Mostly right, sometimes anything: the values a caller or a framework mapping may pass. */
const nearly = <T>(right: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: right, weight: 4 }, { arbitrary: fc.jsonValue(), weight: 1 });
const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });
const extra = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), {
  maxKeys: 2,
});

const block = fc
  .tuple(
    fc.record({ type: nearly(fc.constantFrom(...blockTypes)), text: nearly(fc.string()) }),
    extra,
  )
  .map(([fields, more]) => ({ ...more, ...fields }));
const message = fc
  .tuple(
    fc.record({
      role: nearly(fc.constantFrom(...roles)),
      content: nearly(fc.oneof(fc.string(), fc.array(nearly(block), { maxLength: 3 }))),
    }),
    extra,
  )
  .map(([fields, more]) => ({ ...more, ...fields }));
const params = fc.record(
  {
    direction: nearly(fc.constantFrom("input", "output")),
    messages: nearly(fc.array(nearly(message), { maxLength: 4 })),
    metadata: optional(nearly(fc.dictionary(fc.string(), fc.jsonValue()))),
    includeEvaluations: optional(nearly(fc.boolean())),
  },
  { requiredKeys: ["direction", "messages"] },
);
const anyParams = fc.oneof(params, fc.jsonValue(), fc.anything());

function only(keys: string[], value: object): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}

/** The contract's PolicyEnforceRequest, written out: what a body must be to be accepted. */
function isContractValid(body: Record<string, unknown>): boolean {
  const { direction, messages, includeEvaluations, metadata } = body;
  const validBlock = (candidate: Record<string, unknown>) =>
    only(["type", "text"], candidate) &&
    blockTypes.includes(candidate.type as string) &&
    typeof candidate.text === "string";
  const validMessage = (candidate: Record<string, unknown>) =>
    only(["role", "content"], candidate) &&
    roles.includes(candidate.role as string) &&
    (typeof candidate.content === "string" ||
      (Array.isArray(candidate.content) &&
        candidate.content.length > 0 &&
        candidate.content.every(validBlock)));
  return (
    only(["direction", "messages", "includeEvaluations", "metadata"], body) &&
    (direction === "input" || direction === "output") &&
    Array.isArray(messages) &&
    messages.length > 0 &&
    messages.every(validMessage) &&
    (includeEvaluations === undefined || typeof includeEvaluations === "boolean") &&
    (metadata === undefined ||
      (metadata !== null && typeof metadata === "object" && !Array.isArray(metadata)))
  );
}

// Hostile values: what JSON cannot carry as it is, and caller code that runs while it is read.

/** Every getter and toJSON below counts its runs here, to see whether serializing runs any. */
let callerCodeRuns = 0;
/** What the throwing getters and toJSON methods throw; no validation error may repeat it. */
const secret = "sk-live-PROPERTY-S3CRET";

function getter(value: unknown, throws: boolean) {
  return () => {
    callerCodeRuns++;
    if (throws) throw new TypeError(secret);
    return value;
  };
}

function withToJSON(value: unknown, throws: boolean): object {
  return { toJSON: getter(value, throws) };
}

/** `leaf` inside `levels` objects (`{ a: ... }`) or arrays. */
function nestedAround(levels: number, leaf: unknown, arrays: boolean): unknown {
  let node = leaf;
  for (let level = 0; level < levels; level++) node = arrays ? [node] : { a: node };
  return node;
}

const cycle: Record<string, unknown> = { name: "loop" };
cycle.self = cycle;

const { hostile } = fc.letrec((tie) => ({
  hostile: fc.oneof(
    { maxDepth: 3, depthIdentifier: "hostile" },
    // Sendable values are drawn as often as all the hostile kinds together.
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 10 },
    fc.anything({
      maxDepth: 2,
      maxKeys: 3,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    }),
    fc.constantFrom<unknown>(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      undefined,
      10n,
      Symbol("s"),
      () => 1,
      new WeakMap(),
      new Date(0),
      new Date(Number.NaN),
      cycle,
    ),
    fc.sparseArray(tie("hostile"), { maxLength: 4 }),
    fc.array(tie("hostile"), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie("hostile"), { maxKeys: 3 }),
    fc
      .tuple(fc.string({ maxLength: 4 }), tie("hostile"), fc.boolean())
      .map(([key, value, throws]) =>
        Object.defineProperty({}, key, { enumerable: true, get: getter(value, throws) }),
      ),
    fc.tuple(tie("hostile"), fc.boolean()).map(([value, throws]) => withToJSON(value, throws)),
    fc
      .tuple(
        fc.oneof(fc.integer({ min: 1, max: 80 }), fc.constant(20_000)),
        tie("hostile"),
        fc.boolean(),
      )
      .map(([levels, leaf, arrays]) => nestedAround(levels, leaf, arrays)),
  ),
}));

/** How a field is held: mostly as data, sometimes behind a getter, which may throw. */
const holding = fc.oneof(
  { arbitrary: fc.constant("data"), weight: 12 },
  { arbitrary: fc.constantFrom("getter", "throwing"), weight: 1 },
);

/** `record` with each field held as {@link holding} picks. */
function withAccessors(record: fc.Arbitrary<Record<string, unknown>>) {
  return record.chain((fields) =>
    fc.array(holding, { minLength: 8, maxLength: 8 }).map((holds) => {
      const object: Record<string, unknown> = {};
      Object.entries(fields).forEach(([key, value], index) => {
        const hold = holds[index % holds.length];
        if (hold === "data") object[key] = value;
        else {
          Object.defineProperty(object, key, {
            enumerable: true,
            get: getter(value, hold === "throwing"),
          });
        }
      });
      return object;
    }),
  );
}

const hostileBlock = fc.oneof(
  { arbitrary: withAccessors(block), weight: 8 },
  { arbitrary: hostile, weight: 1 },
);
const hostileMessage = fc.oneof(
  {
    arbitrary: withAccessors(
      fc.record({
        role: fc.constantFrom(...roles),
        content: fc.oneof(
          { arbitrary: fc.string(), weight: 3 },
          { arbitrary: fc.array(hostileBlock, { minLength: 1, maxLength: 3 }), weight: 3 },
          { arbitrary: fc.sparseArray(hostileBlock, { maxLength: 3 }), weight: 1 },
          { arbitrary: hostile, weight: 1 },
        ),
      }),
    ),
    weight: 8,
  },
  { arbitrary: hostile, weight: 1 },
);
const hostileParams = fc.oneof(
  {
    arbitrary: withAccessors(
      fc.record(
        {
          direction: fc.constantFrom("input", "output"),
          messages: fc.oneof(
            { arbitrary: fc.array(hostileMessage, { minLength: 1, maxLength: 3 }), weight: 6 },
            { arbitrary: fc.sparseArray(hostileMessage, { maxLength: 3 }), weight: 1 },
            { arbitrary: hostile, weight: 1 },
          ),
          metadata: optional(
            fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), hostile, { maxKeys: 3 }), hostile),
          ),
          includeEvaluations: optional(fc.boolean()),
        },
        { requiredKeys: ["direction", "messages"] },
      ),
    ),
    weight: 10,
  },
  { arbitrary: hostile, weight: 1 },
);

/**
 * Whether `value` is made only of plain JSON values held as data: objects with the usual
 * prototype, arrays without holes, strings, finite numbers (not -0), booleans and null. Nothing in
 * it can run code or change when it is serialized.
 */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== "object") return false;
  const isArray = Array.isArray(value);
  if (Object.getPrototypeOf(value) !== (isArray ? Array.prototype : Object.prototype)) return false;
  const descriptors = Object.getOwnPropertyDescriptors(value);
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  if (isArray && Object.keys(value).length !== (value as unknown[]).length) return false;
  return Object.entries(descriptors).every(
    ([key, descriptor]) =>
      (isArray && key === "length") ||
      (descriptor.enumerable && "value" in descriptor && isPlainJson(descriptor.value)),
  );
}

function build(value: unknown) {
  return buildEnforceRequest("https://api.anthale.test", policyId, value).body;
}

describe("buildEnforceRequest properties", () => {
  it("throws nothing but AnthaleValidationError, and accepts only contract-valid bodies", () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyParams, (value) => {
        let body: ReturnType<typeof build>;
        try {
          body = build(value);
        } catch (error) {
          expect(error).toBeInstanceOf(AnthaleValidationError);
          expect((error as AnthaleValidationError).path).not.toBe("");
          return;
        }
        accepted++;
        expect(isContractValid(body as unknown as Record<string, unknown>)).toBe(true);
        // The body survives the trip to JSON unchanged, metadata included.
        expect(JSON.parse(JSON.stringify(body))).toStrictEqual(body);
      }),
      { numRuns: 2_000 },
    );
    // Both outcomes were exercised, not only rejections.
    expect(accepted).toBeGreaterThan(20);
  });

  it("accepts well-formed params whatever their text, and keeps every text as given", () => {
    const wellFormed = fc.record({
      direction: fc.constantFrom("input" as const, "output" as const),
      messages: fc.array(
        fc.record({
          role: fc.constantFrom(...(roles as ("system" | "user" | "assistant" | "tool")[])),
          content: fc.oneof(
            fc.string({ unit: "grapheme" }),
            fc.array(
              fc.record({
                type: fc.constantFrom(...(blockTypes as "text"[])),
                text: fc.string({ unit: "binary" }),
              }),
              { minLength: 1, maxLength: 3 },
            ),
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(wellFormed, (value) => {
        expect(build(value).messages).toEqual(value.messages);
      }),
      { numRuns: 500 },
    );
  });

  it("what it accepts, the contract (Prism over anthale.yaml) accepts too", async () => {
    const accepted = fc
      .sample(params, { numRuns: 4_000, seed: 4 })
      .flatMap((value) => {
        try {
          return [buildEnforceRequest(inject("prismUrl"), policyId, value)];
        } catch {
          return [];
        }
      })
      .slice(0, 40);
    expect(accepted.length).toBeGreaterThanOrEqual(20);
    for (const { url, body } of accepted) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer test-key" },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      expect(response.headers.get("sl-violations"), JSON.stringify(body)).toBeNull();
      expect(response.status).toBe(200);
    }
    // Forty requests to a local mock: generous room for a loaded machine.
  }, 120_000);
});

describe("buildEnforceRequest on hostile values", () => {
  it("throws nothing but AnthaleValidationError; what it accepts is plain JSON that round-trips", () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(hostileParams, (value) => {
        let body: ReturnType<typeof build>;
        try {
          body = build(value);
        } catch (error) {
          expect(error).toBeInstanceOf(AnthaleValidationError);
          expect((error as AnthaleValidationError).path).not.toBe("");
          expect((error as Error).message).not.toContain(secret);
          expect("cause" in (error as Error)).toBe(false);
          rejected++;
          return;
        }
        accepted++;
        expect(isPlainJson(body)).toBe(true);
        // Serializing runs no getter or toJSON again: what is sent is what was checked.
        const runs = callerCodeRuns;
        const sent = JSON.stringify(body);
        expect(callerCodeRuns).toBe(runs);
        expect(JSON.parse(sent)).toStrictEqual(body);
      }),
      { numRuns: 1_500 },
    );
    // Both outcomes were exercised, not only rejections.
    expect(accepted).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(50);
  });

  it("accepts any JSON metadata and sends it as JSON would", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (metadata) => {
        const body = build({
          direction: "input",
          messages: [{ role: "user", content: "x" }],
          metadata,
        });
        expect(body.metadata).toStrictEqual(JSON.parse(JSON.stringify(metadata)));
      }),
      { numRuns: 500 },
    );
  });
});
