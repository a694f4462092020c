// Stands in for src/transport/sleep.ts in the suites that retry over real sockets:
// `vi.mock("../../src/transport/sleep.js", () => import("../helpers/scaled-sleep.js"))`.
// Every wait between attempts is scaled by SLEEP_SCALE, so retries and Retry-After run for real
// without the suite waiting seconds.
import { vi } from "vitest";
import type * as SleepModule from "../../src/transport/sleep.js";

/** Factor applied to every wait between attempts (500 ms backoff → 5 ms). */
export const SLEEP_SCALE = 0.01;

const actual = await vi.importActual<typeof SleepModule>("../../src/transport/sleep.js");

/** The real sleep, for `ms * SLEEP_SCALE` milliseconds. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return actual.sleep(ms * SLEEP_SCALE, signal);
}
