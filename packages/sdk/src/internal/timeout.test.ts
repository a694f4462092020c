import { describe, expect, it } from "vitest";
import { attemptSignal } from "./timeout.js";

describe("attemptSignal", () => {
  it("aborts after the timeout and says so", async () => {
    const attempt = attemptSignal(10);
    await new Promise((resolve) => attempt.signal.addEventListener("abort", resolve));
    expect(attempt.timedOut()).toBe(true);
    attempt.dispose();
  });
  it("follows the caller's signal, which is not a timeout", () => {
    const caller = new AbortController();
    const attempt = attemptSignal(60_000, caller.signal);
    caller.abort(new Error("user"));
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.timedOut()).toBe(false);
    attempt.dispose();
  });
  it("starts aborted when the caller's signal already is", () => {
    const attempt = attemptSignal(60_000, AbortSignal.abort());
    expect(attempt.signal.aborted).toBe(true);
    attempt.dispose();
  });
  it("stops listening once disposed", () => {
    const caller = new AbortController();
    const attempt = attemptSignal(60_000, caller.signal);
    attempt.dispose();
    caller.abort();
    expect(attempt.signal.aborted).toBe(false);
  });
});
