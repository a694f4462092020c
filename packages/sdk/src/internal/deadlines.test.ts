import { describe, expect, it } from "vitest";
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
});
