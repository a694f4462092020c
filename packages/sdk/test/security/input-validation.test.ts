// Input JSON cannot carry as it is (a hole, a Map, NaN, a throwing getter, deep nesting) is an
// AnthaleValidationError naming where, raised before any request, through the client and through
// PolicyEnforcer in both fail modes: it is never an outage, so "open" never lets the call through
// unchecked because of it.
import { describe, expect, it } from "vitest";
import { isOutage } from "../../src/core/fail-mode.js";
import {
  Anthale,
  AnthaleValidationError,
  type EnforceParams,
  type Message,
  type Metadata,
  PolicyEnforcer,
} from "../../src/index.js";
import { allowBody, handlerFetch, json, policyId } from "../helpers/handler-fetch.js";

const apiKey = "ak_test_input_validation";
const secret = "sk-live-GETTER-S3CRET";
const user: Message = { role: "user", content: "Hi" };

function throwingGetter<T extends object>(target: T, key: string): T {
  return Object.defineProperty(target, key, {
    enumerable: true,
    get() {
      throw new TypeError(`boom ${secret}`);
    },
  });
}

function nested(levels: number): Record<string, unknown> {
  let node: Record<string, unknown> = {};
  for (let level = 1; level < levels; level++) node = { a: node };
  return node;
}

interface Case {
  messages: Message[];
  metadata?: Metadata;
  path: string;
  problem: RegExp;
}

// Built afresh for each use, since a case's values are consumed by the calls.
const cases: Record<string, () => Case> = {
  "a hole in messages": () => ({
    messages: Object.assign(new Array<Message>(2), { 1: user }),
    path: "messages[0]",
    problem: /hole/,
  }),
  "a Map in metadata": () => ({
    messages: [user],
    metadata: { user: new Map([["id", 1]]) },
    path: "metadata.user",
    problem: /a Map.*convert it to a plain object/,
  }),
  "NaN in metadata": () => ({
    messages: [user],
    metadata: { score: Number.NaN },
    path: "metadata.score",
    problem: /NaN, which JSON would send as null/,
  }),
  "a throwing getter in a message": () => ({
    messages: [user, throwingGetter({ role: "user" } as Message, "content")],
    path: "messages[1].content",
    problem: /reading it threw a TypeError/,
  }),
  "a throwing getter in metadata": () => ({
    messages: [user],
    metadata: { user: throwingGetter({ id: 1 }, "tags") },
    path: "metadata.user.tags",
    problem: /reading it threw a TypeError/,
  }),
  "20,000-deep metadata": () => ({
    messages: [user],
    metadata: { deep: nested(20_000) },
    path: `metadata.deep${".a".repeat(63)}`,
    problem: /deeper than 64 levels/,
  }),
};

/** A fetch that answers `allow` and counts what it is sent. */
function countingFetch() {
  return handlerFetch(() => json(allowBody));
}

function expectValidationError(error: unknown, { path, problem }: Case): void {
  expect(error).toBeInstanceOf(AnthaleValidationError);
  const validation = error as AnthaleValidationError;
  expect(validation.path).toBe(path);
  expect(validation.message).toMatch(problem);
  expect(validation.message).not.toContain(secret);
  expect(isOutage(validation)).toBe(false);
}

describe("input JSON cannot carry is refused before any request", () => {
  it("(the counting fetch counts: valid input is sent once)", async () => {
    const { fetch, requests } = countingFetch();
    const client = new Anthale({ apiKey, fetch, logLevel: "off" });
    await client.organizations.policies.enforce(policyId, {
      direction: "input",
      messages: [user],
      metadata: { day: new Date(0) },
    });
    expect(requests).toHaveLength(1);
    expect(await requests[0]?.json()).toMatchObject({
      metadata: { day: "1970-01-01T00:00:00.000Z" },
    });
  });

  for (const [name, make] of Object.entries(cases)) {
    it(`${name}: through client.organizations.policies.enforce`, async () => {
      const { fetch, requests } = countingFetch();
      const client = new Anthale({ apiKey, fetch, logLevel: "off" });
      const testCase = make();
      const params: EnforceParams = { direction: "input", messages: testCase.messages };
      if (testCase.metadata) params.metadata = testCase.metadata;
      const error = await client.organizations.policies
        .enforce(policyId, params)
        .catch((caught: unknown) => caught);
      expectValidationError(error, testCase);
      expect(requests).toHaveLength(0);
    });

    for (const failMode of ["open", "closed"] as const) {
      it(`${name}: through PolicyEnforcer with failMode "${failMode}"`, async () => {
        const { fetch, requests } = countingFetch();
        const client = new Anthale({ apiKey, fetch, logLevel: "off" });
        const errorsHandled: unknown[] = [];
        const enforcer = new PolicyEnforcer({
          policyId,
          client,
          failMode,
          onError: (error) => {
            errorsHandled.push(error);
          },
        });
        const testCase = make();
        const error = await enforcer
          .enforce({ direction: "input", messages: testCase.messages, metadata: testCase.metadata })
          .catch((caught: unknown) => caught);
        expectValidationError(error, testCase);
        expect(requests).toHaveLength(0);
        expect(errorsHandled).toHaveLength(0);
      });
    }
  }

  it("top-level metadata a PolicyEnforcer merges: a Map, a throwing getter, bad enforcer metadata", async () => {
    const { fetch, requests } = countingFetch();
    const client = new Anthale({ apiKey, fetch, logLevel: "off" });
    const enforcer = new PolicyEnforcer({ policyId, client, failMode: "open" });
    const asMetadata = (value: unknown) => value as Metadata;
    const map = await enforcer
      .enforce({ direction: "input", messages: [user], metadata: asMetadata(new Map([["a", 1]])) })
      .catch((caught: unknown) => caught);
    expect(map).toBeInstanceOf(AnthaleValidationError);
    expect((map as AnthaleValidationError).path).toBe("metadata");
    const getter = await enforcer
      .enforce({ direction: "input", messages: [user], metadata: throwingGetter({}, "user") })
      .catch((caught: unknown) => caught);
    expect(getter).toBeInstanceOf(AnthaleValidationError);
    expect((getter as AnthaleValidationError).path).toBe("metadata.user");
    expect((getter as Error).message).not.toContain(secret);
    expect(
      () => new PolicyEnforcer({ policyId, client, metadata: asMetadata(new Set([1])) }),
    ).toThrow(AnthaleValidationError);
    expect(requests).toHaveLength(0);
  });
});
