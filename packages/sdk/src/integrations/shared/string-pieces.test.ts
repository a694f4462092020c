import { describe, expect, it } from "vitest";
import { AnthaleError } from "../../base/errors.js";
import { channelKey, stringPieces } from "./string-pieces.js";

const none = () => false;

describe("stringPieces", () => {
  it("finds every string, however nested, at its path, skipping opaque fields", () => {
    const value = {
      type: "future_block",
      id: "b1",
      note: "a",
      nested: { list: ["b", 3, null, { deep: "c" }], flag: true },
    };
    const opaque = (_record: Record<string, unknown>, field: string) =>
      field === "type" || field === "id";
    expect(stringPieces(value, ["root"], opaque)).toEqual([
      { path: ["root", "note"], channel: "root.note" },
      { path: ["root", "nested", "list", 0], channel: "root.nested.list.0" },
      { path: ["root", "nested", "list", 3, "deep"], channel: "root.nested.list.3.deep" },
    ]);
  });

  it("names a list item's channel by its own index when it has one", () => {
    const value = [{ index: 4, args: "x" }, { args: "y" }];
    expect(stringPieces(value, ["calls"], none).map((piece) => piece.channel)).toEqual([
      "calls.4.args",
      "calls.1.args",
    ]);
    expect(channelKey({ index: "k" }, 0)).toBe("k");
    expect(channelKey({ index: { not: "a key" } }, 2)).toBe("2");
  });

  it("refuses a value nested too deeply to be checked, rather than skip it", () => {
    let deep: unknown = "leak";
    for (let level = 0; level < 100; level++) deep = { inner: deep };
    expect(() => stringPieces(deep, [], none)).toThrow(AnthaleError);
  });
});
