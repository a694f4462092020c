import { describe, expect, it } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import { checkFetch, checkFlag, checkOptions } from "./option-checks.js";

interface Options {
  timeout?: number;
  baseURL?: string;
}
const names: (keyof Options)[] = ["timeout", "baseURL"];

describe("checkOptions", () => {
  it("snapshots the options given, reading each once", () => {
    let reads = 0;
    const given = {
      get timeout() {
        reads++;
        return 5;
      },
    };
    const options = checkOptions<Options>(given, names, "client");
    expect(options).toEqual({ timeout: 5 });
    expect(options.timeout).toBe(5);
    expect(reads).toBe(1);
  });

  it("refuses an option that does not exist, suggesting the one meant", () => {
    expect(() => checkOptions<Options>({ baseUrl: "x" }, names, "client")).toThrow(
      "options.baseUrl: is not a client option (did you mean baseURL?); the options are timeout, baseURL",
    );
  });

  it("refuses null options and anything that is not an options object", () => {
    expect(() => checkOptions<Options>({ timeout: null }, names, "client")).toThrow(
      /options\.timeout: must not be null/,
    );
    for (const value of [null, "x", [], 1]) {
      expect(() => checkOptions<Options>(value, names, "request")).toThrow(AnthaleValidationError);
    }
  });

  it("does not read inherited properties", () => {
    const given = Object.create({ timeout: 1 });
    expect(checkOptions<Options>(given, names, "client")).toEqual({});
  });
});

describe("checkFlag", () => {
  it("accepts booleans and undefined only", () => {
    expect(checkFlag(true, "f")).toBe(true);
    expect(checkFlag(undefined, "f")).toBe(false);
    expect(() => checkFlag("yes", "f")).toThrow(/f: must be true or false, got string/);
  });
});

describe("checkFetch", () => {
  it("refuses what is not a function", () => {
    expect(checkFetch(undefined, "options.fetch")).toBeUndefined();
    expect(() => checkFetch({}, "options.fetch")).toThrow(/must be a function/);
  });

  it("calls the fetch given as a plain function, with the URL and init", async () => {
    const calls: unknown[][] = [];
    const response = new Response("{}");
    const given = function (this: unknown, ...args: unknown[]) {
      calls.push([this, ...args]);
      return Promise.resolve(response);
    };
    const fetch = checkFetch(given, "options.fetch");
    const init = { method: "POST" };
    const holder = { fetch };
    expect(await holder.fetch?.("https://x.example", init)).toBe(response);
    expect(calls).toEqual([[undefined, "https://x.example", init]]);
  });
});
