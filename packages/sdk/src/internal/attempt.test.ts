import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
} from "../core/errors.js";
import {
  ABORTABLE_AFTER_TIMEOUT_MS,
  type AbortState,
  type AttemptOptions,
  sendAttempt,
} from "./attempt.js";

/** A fetch that records the signal of each request and answers as `answer` says. */
function recordingFetch(answer: (signal: AbortSignal | undefined) => Promise<Response>) {
  const signals: (AbortSignal | undefined)[] = [];
  const fetch = (_url: string, init: RequestInit) => {
    const signal = init.signal ?? undefined;
    signals.push(signal);
    return answer(signal);
  };
  return { fetch, signals };
}

/** Never answers; rejects when its signal aborts, as fetch does. */
const hang = (signal: AbortSignal | undefined) =>
  new Promise<Response>((_, reject) =>
    signal?.addEventListener("abort", () => reject(signal.reason)),
  );

function options(
  fetch: AttemptOptions["fetch"],
  overrides: Partial<AttemptOptions> = {},
): AttemptOptions {
  return {
    fetch,
    url: "http://127.0.0.1:1/enforce",
    headers: {},
    timeout: 20,
    state: { abortableUntil: 0 },
    ...overrides,
  };
}

describe("sendAttempt", () => {
  it("resolves to the status, headers and body text", async () => {
    const { fetch, signals } = recordingFetch(async () =>
      Response.json({ action: "allow" }, { status: 201, headers: { "request-id": "r-1" } }),
    );
    const outcome = await sendAttempt("{}", options(fetch));
    expect(outcome).toMatchObject({ status: 201, text: '{"action":"allow"}' });
    expect((outcome as { headers: Headers }).headers.get("request-id")).toBe("r-1");
    // A healthy client sends without a signal: fetch charges for every request that has one.
    expect(signals).toEqual([undefined]);
  });

  it("times out on time even when the request cannot be aborted", async () => {
    const { fetch } = recordingFetch(() => new Promise<Response>(() => {}));
    const started = performance.now();
    const outcome = await sendAttempt("{}", options(fetch, { timeout: 30 }));
    expect(outcome).toBeInstanceOf(APIConnectionTimeoutError);
    expect((outcome as Error).message).toContain("30 ms");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("after a timeout, gives every attempt a signal that aborts at its deadline", async () => {
    const state: AbortState = { abortableUntil: 0 };
    const { fetch, signals } = recordingFetch(hang);
    const before = Date.now();
    await sendAttempt("{}", options(fetch, { state }));
    expect(state.abortableUntil).toBeGreaterThanOrEqual(before + ABORTABLE_AFTER_TIMEOUT_MS);
    const outcome = await sendAttempt("{}", options(fetch, { state }));
    expect(outcome).toBeInstanceOf(APIConnectionTimeoutError);
    expect(signals[0]).toBeUndefined();
    expect(signals[1]?.aborted).toBe(true);
  });

  it("ends at once when the caller aborts, aborting the request and leaving no listener", async () => {
    const caller = new AbortController();
    const { fetch, signals } = recordingFetch(hang);
    const pending = sendAttempt("{}", options(fetch, { signal: caller.signal, timeout: 60_000 }));
    caller.abort(new Error("stop"));
    const outcome = await pending;
    expect(outcome).toBeInstanceOf(APIUserAbortError);
    expect(signals[0]?.aborted).toBe(true);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });

  it("reports a network failure as a connection error with its cause", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), {
      cause: new Error("connect ECONNREFUSED 127.0.0.1:1"),
    });
    const { fetch } = recordingFetch(() => Promise.reject(refused));
    const outcome = await sendAttempt("{}", options(fetch));
    expect(outcome).toBeInstanceOf(APIConnectionError);
    expect((outcome as Error).message).toBe("Connection error: connect ECONNREFUSED 127.0.0.1:1");
    expect((outcome as Error).cause).toBe(refused);
  });

  it("covers reading the body: a stalled body times out", async () => {
    const stalled = new ReadableStream({ start() {} });
    const { fetch } = recordingFetch(async () => new Response(stalled));
    expect(await sendAttempt("{}", options(fetch))).toBeInstanceOf(APIConnectionTimeoutError);
  });
});
