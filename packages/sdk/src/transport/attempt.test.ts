import { getEventListeners } from "node:events";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
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
    const fetch = async () =>
      ({
        status: 200,
        headers: new Headers({ "content-type": "application/json" }),
        body: Readable.from([Buffer.from('{"action":'), Buffer.from('"allow"}')]),
      }) as unknown as Response;
    expect(await sendAttempt("{}", options(fetch))).toMatchObject({
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

  it("covers reading the body: a stalled body times out", async () => {
    const stalled = new ReadableStream({ start() {} });
    const { fetch } = recordingFetch(async () => new Response(stalled));
    expect(await sendAttempt("{}", options(fetch))).toBeInstanceOf(APIConnectionTimeoutError);
  });
});
