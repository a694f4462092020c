import { describe, expect, it, vi } from "vitest";
import { clearDeadline, watchDeadline } from "./deadlines.js";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

describe("watchDeadline", () => {
  it("expires each deadline once, in time order, whatever the order they were set in", async () => {
    const expired: string[] = [];
    const started = performance.now();
    watchDeadline(60, () => expired.push("late"));
    watchDeadline(20, () => expired.push("early"));
    await wait(40);
    expect(expired).toEqual(["early"]);
    await wait(60);
    expect(expired).toEqual(["early", "late"]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("never expires a deadline that was stopped", async () => {
    let expired = false;
    const deadline = watchDeadline(10, () => {
      expired = true;
    });
    clearDeadline(deadline);
    await wait(30);
    expect(expired).toBe(false);
  });

  it("keeps the process alive only while a deadline waits", async () => {
    const before = timers();
    const deadline = watchDeadline(60_000, () => {});
    expect(timers()).toBe(before + 1);
    clearDeadline(deadline);
    expect(timers()).toBe(before);
    // A later deadline, further away than the armed timer, holds the process again.
    const later = watchDeadline(120_000, () => {});
    expect(timers()).toBe(before + 1);
    clearDeadline(later);
    expect(timers()).toBe(before);
  });

  it("arms a deadline longer than a timer can hold once, not every millisecond", async () => {
    // A fresh copy of the module, whose timer is not armed yet by the tests above.
    vi.resetModules();
    const fresh = await import("./deadlines.js");
    const arming = vi.spyOn(globalThis, "setTimeout");
    let expired = false;
    const deadline = fresh.watchDeadline(30 * 24 * 3_600_000, () => {
      expired = true;
    });
    await wait(30);
    fresh.clearDeadline(deadline);
    const armed = arming.mock.calls.filter(([callback]) => callback.name === "expireDue");
    arming.mockRestore();
    expect(expired).toBe(false);
    expect(armed.length).toBeLessThanOrEqual(1);
  });
});
