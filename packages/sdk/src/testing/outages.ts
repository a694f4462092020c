// The builders of answers that fail or wait: a connection refused or reset (a rejected `fetch`, as
// Node.js's own fetch reports it), an answer that never comes, and an answer that comes late. A
// waiting answer stops as soon as the request's abort signal fires, its timer cleared, so nothing
// is left running after a timeout or an abort.
import { sleep } from "../transport/sleep.js";
import { defineAnswer, isTestAnswer, type Reply, replyOf, type TestAnswer } from "./answer.js";
import { allow } from "./results.js";
import { TestAnthaleError } from "./test-anthale-error.js";

/** The low-level error a socket failure carries, as Node.js builds one. */
interface SystemError extends Error {
  code: string;
  errno: number;
  syscall: string;
}

/** A socket error like Node.js's: `message` with its `code`, `errno` and `syscall`. */
function systemError(message: string, code: string, errno: number, syscall: string): SystemError {
  return Object.assign(new Error(message), { code, errno, syscall });
}

/** What `fetch` rejects with when the socket fails: `TypeError: fetch failed`, the cause inside. */
function fetchFailed(cause: SystemError): Reply {
  return { kind: "network-failure", error: new TypeError("fetch failed", { cause }) };
}

/**
 * No connection could be made: `fetch` rejects with `TypeError: fetch failed` whose `cause` is an
 * `ECONNREFUSED` error, as Node.js's fetch does. The SDK retries it, then throws
 * `APIConnectionError`, an outage for the fail mode.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => connectionRefused() });
 * await expect(enforce()).rejects.toBeInstanceOf(APIConnectionError);
 * ```
 */
export function connectionRefused(): TestAnswer {
  return defineAnswer("connectionRefused()", () =>
    fetchFailed(systemError("connect ECONNREFUSED 127.0.0.1:443", "ECONNREFUSED", -111, "connect")),
  );
}

/**
 * The connection was cut before an answer came: `fetch` rejects with `TypeError: fetch failed`
 * whose `cause` is an `ECONNRESET` error, as Node.js's fetch does. The SDK retries it, then throws
 * `APIConnectionError`, an outage for the fail mode.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => connectionReset() });
 * await expect(enforce()).rejects.toBeInstanceOf(APIConnectionError);
 * ```
 */
export function connectionReset(): TestAnswer {
  return defineAnswer("connectionReset()", () =>
    fetchFailed(systemError("read ECONNRESET", "ECONNRESET", -104, "read")),
  );
}

/** Waits until `signal` fires, then rejects with its reason; with no signal, waits forever. */
function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/**
 * An answer that never comes: the request waits until its abort signal fires (the SDK's timeout,
 * or the caller's signal), then `fetch` rejects with the signal's reason. No timer is used. The
 * SDK throws `APIConnectionTimeoutError` after its timeout (an outage) or `APIUserAbortError`.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => hang(), clientOptions: { timeout: 50 } });
 * await expect(enforce()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
 * ```
 */
export function hang(): TestAnswer {
  return defineAnswer("hang()", ({ signal }) => untilAborted(signal));
}

/**
 * `answer` (default `allow()`), sent `ms` milliseconds late, for timeout and abort tests. The wait
 * is a timer that the request's abort signal clears: when the SDK's timeout or the caller's signal
 * fires first, `fetch` rejects with the signal's reason and nothing is left running. Under fake
 * timers, advance the clock to let the answer through.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({
 *   decide: () => latency(5_000, allow()),
 *   clientOptions: { timeout: 100 },
 * });
 * await expect(enforce()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
 * ```
 */
export function latency(ms: number, answer: TestAnswer = allow()): TestAnswer {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new TestAnthaleError("latency(): ms must be a finite number of milliseconds from 0");
  }
  if (!isTestAnswer(answer)) {
    throw new TestAnthaleError("latency(): answer must be built by a builder, such as allow()");
  }
  return defineAnswer(`latency(${ms}, ${answer.description})`, async (context) => {
    await sleep(ms, context.signal);
    return replyOf(answer, context);
  });
}
