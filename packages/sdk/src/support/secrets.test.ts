import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createScrubber, MASK, scrubCause } from "./secrets.js";

const key = "ak_live_5cRub_0123";

describe("createScrubber", () => {
  const scrubber = createScrubber([key, "  ", ""]);

  it("masks the key wherever it is, and any Bearer or Basic credential", () => {
    expect(scrubber.text(`bad header "Bearer ${key}" and ${key}`)).toBe(
      `bad header "Bearer ${MASK}" and ${MASK}`,
    );
    expect(scrubber.text("authorization: Bearer someone-elses-token")).toBe(
      `authorization: Bearer ${MASK}`,
    );
    expect(scrubber.text("Basic dXNlcjpwYXNz")).toBe(`Basic ${MASK}`);
    expect(scrubber.text("nothing to hide")).toBe("nothing to hide");
  });

  it("copies only the parts of a value that held a secret", () => {
    const clean = { a: [1, "x"], b: { c: null } };
    expect(scrubber.value(clean)).toBe(clean);
    const dirty = { error: { message: `invalid key ${key}` }, other: { kept: true } };
    const scrubbed = scrubber.value(dirty) as typeof dirty;
    expect(scrubbed).toEqual({ error: { message: `invalid key ${MASK}` }, other: { kept: true } });
    expect(scrubbed.other).toBe(dirty.other);
    expect(dirty.error.message).toContain(key);
  });

  it("masks header values, copying the headers only when one held a secret", () => {
    const clean = { "content-type": "application/json" };
    expect(scrubber.headers(clean)).toBe(clean);
    const echoed = { "x-echo": `Bearer ${key}`, other: "kept" };
    expect(scrubber.headers(echoed)).toEqual({ "x-echo": `Bearer ${MASK}`, other: "kept" });
    expect(echoed["x-echo"]).toContain(key);
  });

  it("replaces data nested deeper than it looks by a note", () => {
    let deep: unknown = key;
    for (let level = 0; level < 40; level++) deep = { inner: deep };
    expect(JSON.stringify(scrubber.value(deep))).toContain("[nested too deep to show]");
    expect(JSON.stringify(scrubber.value(deep))).not.toContain(key);
  });

  it("learns more secrets with `with`, the longest first", () => {
    const more = scrubber.with(["cookie-value-77", `${key}-suffix`]);
    expect(more.text(`a ${key}-suffix b cookie-value-77 c ${key}`)).toBe(
      `a ${MASK} b ${MASK} c ${MASK}`,
    );
  });

  it("leaves no trace of a secret in any text (property)", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string({ minLength: 1 }),
        (before, after, secret) => {
          fc.pre(secret.trim().length > 0);
          const text = createScrubber([secret]).text(`${before}${secret}${after}${secret}`);
          expect(text.split(MASK).join("")).not.toContain(secret);
        },
      ),
    );
  });
});

describe("scrubCause", () => {
  const scrubber = createScrubber([key]);

  it("never passes an outside error on as it is, even a clean one", () => {
    const error = Object.assign(
      new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") }),
      {
        config: { headers: { authorization: "anything" } },
      },
    );
    const copy = scrubCause(error, scrubber) as Error & { cause: Error; config?: unknown };
    expect(copy).not.toBe(error);
    expect(copy.name).toBe("TypeError");
    expect(copy.message).toBe("fetch failed");
    expect(copy.stack).toBe(error.stack);
    expect(copy.cause.message).toBe("ECONNREFUSED");
    expect(copy.config).toBeUndefined();
  });

  it("keeps the scrubbed errors of an AggregateError", () => {
    const aggregate = new AggregateError([new Error(`first ${key}`), "second"], "all failed");
    const copy = scrubCause(aggregate, scrubber) as Error & { errors: unknown[] };
    expect(copy.name).toBe("AggregateError");
    expect((copy.errors[0] as Error).message).toBe(`first ${MASK}`);
    expect(copy.errors[1]).toBe("second");
  });

  it("describes what is neither an error nor plain data", () => {
    expect(scrubCause(new Map([["k", key]]), scrubber)).toBe("[object Map]");
    expect(scrubCause(Object.create(null), scrubber)).toEqual({});
  });

  it("replaces an error that quotes the key, down its causes, keeping name and code", () => {
    const inner = Object.assign(new TypeError(`invalid header value "Bearer ${key}"`), {
      code: "ERR_INVALID_ARG_VALUE",
    });
    const outer = new TypeError("fetch failed", { cause: inner });
    const scrubbed = scrubCause(outer, scrubber) as Error & { cause: Error & { code: string } };
    expect(scrubbed).not.toBe(outer);
    expect(scrubbed.message).toBe("fetch failed");
    expect(scrubbed.cause.name).toBe("TypeError");
    expect(scrubbed.cause.code).toBe("ERR_INVALID_ARG_VALUE");
    expect(scrubbed.cause.message).toBe(`invalid header value "Bearer ${MASK}"`);
    expect(scrubbed.cause.stack).not.toContain(key);
    expect(inner.message).toContain(key);
  });

  it("scrubs strings and plain values given as a cause", () => {
    expect(scrubCause(`key ${key}`, scrubber)).toBe(`key ${MASK}`);
    expect(scrubCause({ header: key }, scrubber)).toEqual({ header: MASK });
  });
});
