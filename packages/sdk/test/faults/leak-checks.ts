// Checks that a case left nothing behind: no unhandled rejection, no listener on the caller's
// signal, and no handle (timer, socket, server) still keeping the process alive.
import { setImmediate as nextTurn } from "node:timers/promises";

/** Collects unhandled rejections while installed. */
export function watchRejections() {
  const reasons: unknown[] = [];
  const onRejection = (reason: unknown) => reasons.push(reason);
  return {
    reasons,
    install: () => process.on("unhandledRejection", onRejection),
    uninstall: () => process.off("unhandledRejection", onRejection),
  };
}

/** The handles keeping the process alive, by kind: `{ Timeout: 1, TCPSocketWrap: 2 }`. */
export function activeHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Lets pending callbacks, closes and rejection reports run. */
export async function settle(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await nextTurn();
}

/**
 * Waits (a bounded number of event-loop turns) for the live handles to come back to `baseline`,
 * giving sockets closed by the server time to finish closing; returns the handles that remain
 * above it, which is empty when nothing leaked.
 */
export async function handlesAbove(
  baseline: Record<string, number>,
  turns = 200,
): Promise<Record<string, number>> {
  let extra: Record<string, number> = {};
  for (let turn = 0; turn < turns; turn++) {
    extra = {};
    for (const [kind, count] of Object.entries(activeHandles())) {
      if (count > (baseline[kind] ?? 0)) extra[kind] = count - (baseline[kind] ?? 0);
    }
    if (Object.keys(extra).length === 0) return extra;
    await new Promise((resolve) => setTimeout(resolve, 5).unref());
  }
  return extra;
}
