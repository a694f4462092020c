import { getEventListeners } from "node:events";
import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import {
  AnthaleValidationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
} from "../base/errors.js";
import { type AttemptOptions, sendAttempt } from "./attempt.js";

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
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);
  });

  it("aborts every timed-out request at its deadline, the first one included", async () => {
    const { fetch, signals } = recordingFetch(hang);
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcome = await sendAttempt("{}", options(fetch, { timeout: 30 }));
      expect(outcome).toBeInstanceOf(APIConnectionTimeoutError);
      expect((outcome as Error).message).toContain("30 ms");
    }
    expect(signals.map((signal) => signal?.aborted)).toEqual([true, true]);
  });

  it("arms a timer of its own for each attempt and clears it however the attempt ends", async () => {
    vi.useFakeTimers();
    try {
      const callers = [new AbortController(), new AbortController(), new AbortController()];
      const { fetch } = recordingFetch(hang);
      const pending = callers.map((caller) =>
        sendAttempt("{}", options(fetch, { signal: caller.signal, timeout: 60_000 })),
      );
      expect(vi.getTimerCount()).toBe(3);
      for (const [index, caller] of callers.entries()) {
        caller.abort(new Error("stop"));
        expect(await pending[index]).toBeInstanceOf(APIUserAbortError);
        expect(vi.getTimerCount()).toBe(2 - index);
      }
      const endings = [
        async () => new Response("{}"),
        () => Promise.reject(new TypeError("fetch failed")),
        async () => undefined,
        () => {
          throw new TypeError("not a fetch");
        },
      ];
      for (const ending of endings) {
        await sendAttempt("{}", options(ending as never, { timeout: 60_000 }));
        expect(vi.getTimerCount()).toBe(0);
      }
      const timingOut = sendAttempt("{}", options(fetch, { timeout: 10 }));
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(10);
      expect(await timingOut).toBeInstanceOf(APIConnectionTimeoutError);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("waits out a timeout longer than one timer can hold, in several timers", async () => {
    vi.useFakeTimers();
    try {
      const longest = 2_147_483_647;
      const { fetch, signals } = recordingFetch(hang);
      let outcome: unknown;
      void sendAttempt("{}", options(fetch, { timeout: longest + 1_000 })).then((ended) => {
        outcome = ended;
      });
      await vi.advanceTimersByTimeAsync(longest);
      expect(outcome).toBeUndefined();
      expect(signals[0]?.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(999);
      expect(outcome).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(outcome).toBeInstanceOf(APIConnectionTimeoutError);
      expect(signals[0]?.aborted).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("ends at once, without calling fetch, when the caller's signal has already aborted", async () => {
    vi.useFakeTimers();
    try {
      const { fetch, signals } = recordingFetch(hang);
      const reason = new Error("gone");
      const outcome = await sendAttempt(
        "{}",
        options(fetch, { signal: AbortSignal.abort(reason) }),
      );
      expect(outcome).toBeInstanceOf(APIUserAbortError);
      expect((outcome as Error).cause).toBe(reason);
      expect(signals).toHaveLength(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("asks fetch never to follow a redirect", async () => {
    const inits: RequestInit[] = [];
    const fetch = async (_url: string, init: RequestInit) => {
      inits.push(init);
      return new Response("{}");
    };
    await sendAttempt("{}", options(fetch));
    expect(inits[0]?.redirect).toBe("manual");
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

  it("reads a body given as a Node.js stream, as fetch libraries such as node-fetch give it", async () => {
    const fetch = async () => ({
      status: 200,
      headers: new Headers({ "content-type": "application/json" }),
      body: Readable.from([Buffer.from('{"action":'), Buffer.from('"allow"}')]),
    });
    expect(await sendAttempt("{}", options(fetch as never))).toMatchObject({
      status: 200,
      text: '{"action":"allow"}',
      truncated: false,
      redirected: false,
    });
  });

  it("calls a fetch that throws, or resolves to no response, a configuration mistake", async () => {
    const throwing = () => {
      throw new TypeError("Class constructor cannot be invoked without 'new'");
    };
    const thrown = await sendAttempt("{}", options(throwing as never));
    expect(thrown).toBeInstanceOf(AnthaleValidationError);
    expect((thrown as AnthaleValidationError).path).toBe("options.fetch");
    const empty = await sendAttempt("{}", options((async () => undefined) as never));
    expect(empty).toBeInstanceOf(AnthaleValidationError);
    expect((empty as Error).message).toMatch(/resolved to undefined/);
    // Headers that cannot be listed are not a response's.
    const odd = { status: 200, headers: { get: () => null }, body: null };
    const unlisted = await sendAttempt("{}", options((async () => odd) as never));
    expect(unlisted).toBeInstanceOf(AnthaleValidationError);
    expect((unlisted as Error).message).toMatch(/resolved to object/);
  });

  it("never throws while describing a rejection, whatever it was rejected with", async () => {
    const message = Object.defineProperty(new Error(), "message", {
      get() {
        throw new Error("getter");
      },
    });
    for (const reason of [Object.create(null), message, Symbol("s"), undefined]) {
      const outcome = await sendAttempt(
        "{}",
        options(() => Promise.reject(reason)),
      );
      expect(outcome).toBeInstanceOf(APIConnectionError);
    }
  });

  it("reports a body it cannot read as a connection error", async () => {
    const fetch = async () => ({ status: 200, headers: new Headers(), body: "not a stream" });
    const outcome = await sendAttempt("{}", options(fetch as never));
    expect(outcome).toBeInstanceOf(APIConnectionError);
    expect((outcome as Error).message).toMatch(/the response body is not a stream/);
  });

  it("covers reading the body: a stalled body times out", async () => {
    const stalled = new ReadableStream({ start() {} });
    const { fetch } = recordingFetch(async () => new Response(stalled));
    expect(await sendAttempt("{}", options(fetch))).toBeInstanceOf(APIConnectionTimeoutError);
  });
});
