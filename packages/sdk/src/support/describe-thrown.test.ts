import { describe, expect, it } from "vitest";
import { describeThrown } from "./describe-thrown.js";

describe("describeThrown", () => {
  it("gives an error's message, a string as is, and other values as text", () => {
    expect(describeThrown(new TypeError("fetch failed"))).toBe("fetch failed");
    expect(describeThrown("plain")).toBe("plain");
    expect(describeThrown(42)).toBe("42");
    expect(describeThrown({ message: "shaped like an error" })).toBe("shaped like an error");
    expect(describeThrown({ code: 1 })).toBe("an object");
  });

  it("never throws, whatever it is given", () => {
    const throwingMessage = Object.defineProperty({}, "message", {
      get() {
        throw new Error("getter");
      },
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const value of [Object.create(null), throwingMessage, Symbol("s"), proxy]) {
      expect(typeof describeThrown(value)).toBe("string");
    }
  });
});
