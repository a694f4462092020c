import { describe, expect, it } from "vitest";
import { decide } from "../../../test/integrations/helpers/fake-anthale.js";
import { AnthalePolicyViolationError } from "../../core/errors.js";
import type { EnforceResult } from "../../core/types.js";
import type { StreamMode } from "./options.js";
import { guardStream, safeBoundary } from "./stream-guard.js";

interface Chunk {
  text: string;
  tool?: string;
}

/** A source the test feeds by hand; records whether it was cancelled. */
function controlledSource() {
  const queue: (Chunk | null)[] = [];
  let wake: () => void = () => {};
  const state = { cancelled: false, pulled: 0 };
  const source: AsyncIterable<Chunk> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const item = queue.shift();
        if (item === null || item === undefined) return { done: true, value: undefined };
        state.pulled++;
        return { done: false, value: item };
      },
      async return() {
        state.cancelled = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return {
    source,
    state,
    push: (...chunks: Chunk[]) => {
      queue.push(...chunks);
      wake();
    },
    end: () => {
      queue.push(null);
      wake();
    },
  };
}

function setup(mode: StreamMode, windowSize = 10) {
  const feed = controlledSource();
  const checks: string[] = [];
  const passedChecks: string[] = [];
  let cancelled = 0;
  const stream = guardStream<Chunk>({
    source: feed.source,
    mode,
    windowSize,
    read: (chunk) => [
      { channel: "text", text: chunk.text },
      ...(chunk.tool === undefined ? [] : [{ channel: "tool", text: chunk.tool }]),
    ],
    write: (chunk, [text, tool]) => ({
      ...chunk,
      text: text ?? "",
      ...(tool === undefined ? {} : { tool }),
    }),
    check: async (answer) => {
      const text = answer.get("text") ?? "";
      checks.push(text);
      const messages = [...answer.values()].map((content) => ({
        role: "assistant" as const,
        content,
      }));
      const result = decide({ direction: "output", messages }) as unknown as EnforceResult;
      if (result.action === "block") throw new AnthalePolicyViolationError("output", result);
      passedChecks.push(text);
      return result;
    },
    cancel: () => {
      cancelled++;
    },
  });
  return { feed, stream, checks, passedChecks, cancelled: () => cancelled };
}

async function collect(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("guardStream in buffer mode", () => {
  it("releases nothing before the end, then the redacted text, a split span included", async () => {
    const { feed, stream, checks } = setup("buffer");
    const received: Chunk[] = [];
    const consuming = (async () => {
      for await (const chunk of stream) received.push(chunk);
    })();
    feed.push({ text: "Write to jane.do" }, { text: "e@example.com today" });
    await tick();
    expect(received).toEqual([]);
    feed.end();
    await consuming;
    expect(checks).toEqual(["Write to jane.doe@example.com today"]);
    expect(received.map((chunk) => chunk.text)).toEqual(["Write to ", "[REDACTED:email] today"]);
  });

  it("redacts tool-call text and passes chunks unchanged on allow", async () => {
    const { feed, stream } = setup("buffer");
    feed.push({ text: "Hello ", tool: '{"to":"a@b.co"}' }, { text: "world" });
    feed.end();
    const out = await collect(stream);
    expect(out).toEqual([{ text: "Hello ", tool: '{"to":"[REDACTED:email]"}' }, { text: "world" }]);
  });

  it("cancels the source and releases nothing on block", async () => {
    const { feed, stream, cancelled } = setup("buffer");
    feed.push({ text: "fine " }, { text: "BLOCKME" });
    feed.end();
    const received: Chunk[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
    ).rejects.toBeInstanceOf(AnthalePolicyViolationError);
    expect(received).toEqual([]);
    expect(cancelled()).toBe(1);
  });
});

describe("guardStream in window mode", () => {
  it("releases only text a passing check covered, while the stream keeps arriving", async () => {
    const { feed, stream, passedChecks } = setup("window", 8);
    const received: string[] = [];
    const checkedWhenReleased: number[] = [];
    const consuming = (async () => {
      for await (const chunk of stream) {
        received.push(chunk.text);
        checkedWhenReleased.push(Math.max(0, ...passedChecks.map((text) => text.length)));
        const releasedSoFar = received.join("").length;
        expect(releasedSoFar).toBeLessThanOrEqual(checkedWhenReleased.at(-1) ?? 0);
      }
    })();
    const words = ["one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight"];
    for (const word of words.slice(0, 6)) feed.push({ text: word });
    for (let i = 0; i < 20 && received.length === 0; i++) await tick();
    expect(received.length).toBeGreaterThan(0);
    expect(feed.state.pulled).toBe(6);
    for (const word of words.slice(6)) feed.push({ text: word });
    feed.end();
    await consuming;
    expect(received.join("")).toBe(words.join(""));
    expect(passedChecks.length).toBeGreaterThan(1);
  });

  it("redacts a span split across two chunks and across a window edge", async () => {
    const { feed, stream } = setup("window", 5);
    feed.push({ text: "Mail me at jane.d" }, { text: "oe@example.com or " }, { text: "call." });
    feed.end();
    const out = await collect(stream);
    expect(out.map((chunk) => chunk.text).join("")).toBe("Mail me at [REDACTED:email] or call.");
    expect(out.map((chunk) => chunk.text).join("")).not.toContain("jane");
  });

  it("cancels the source on a block in the middle and never releases the blocked text", async () => {
    const { feed, stream, cancelled } = setup("window", 5);
    const received: string[] = [];
    const outcome = (async () => {
      for await (const chunk of stream) received.push(chunk.text);
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    feed.push({ text: "all good here " }, { text: "then BLOCKME " });
    expect(await outcome).toBeInstanceOf(AnthalePolicyViolationError);
    expect(feed.state.cancelled).toBe(true);
    expect(cancelled()).toBe(1);
    expect(received.join("")).not.toContain("BLOCKME");
  });
});

describe("guardStream in passthrough mode", () => {
  it("releases at once and rejects at the end on block", async () => {
    const { feed, stream, checks } = setup("passthrough");
    const received: string[] = [];
    const consuming = (async () => {
      for await (const chunk of stream) received.push(chunk.text);
    })();
    feed.push({ text: "BLOCKME " }, { text: "a@b.co" });
    for (let i = 0; i < 20 && received.length < 2; i++) await tick();
    expect(received).toEqual(["BLOCKME ", "a@b.co"]);
    expect(checks).toEqual([]);
    feed.end();
    await expect(consuming).rejects.toBeInstanceOf(AnthalePolicyViolationError);
    expect(checks).toEqual(["BLOCKME a@b.co"]);
  });
});

describe("guardStream failures and early exits", () => {
  it("propagates a failing check and cancels the source", async () => {
    const feed = controlledSource();
    const stream = guardStream<Chunk>({
      source: feed.source,
      mode: "buffer",
      windowSize: 10,
      read: (chunk) => [{ channel: "text", text: chunk.text }],
      write: (chunk) => chunk,
      check: async () => {
        throw new Error("Anthale is down");
      },
    });
    feed.push({ text: "hi" });
    feed.end();
    await expect(collect(stream)).rejects.toThrow("Anthale is down");
  });

  it("cancels the source when the consumer stops early", async () => {
    const { feed, stream, cancelled } = setup("passthrough");
    feed.push({ text: "a" }, { text: "b" });
    for await (const _chunk of stream) break;
    expect(cancelled()).toBe(1);
    expect(feed.state.cancelled).toBe(true);
  });

  it("rejects when a window check fails after the source ended", async () => {
    const stream = guardStream<Chunk>({
      source: (async function* () {
        yield { text: "long enough to start a window check" };
      })(),
      mode: "window",
      windowSize: 5,
      read: (chunk) => [{ channel: "text", text: chunk.text }],
      check: () =>
        new Promise((_, reject) => setTimeout(() => reject(new Error("Anthale is down")), 5)),
    });
    await expect(collect(stream)).rejects.toThrow("Anthale is down");
  });
});

describe("safeBoundary", () => {
  it("moves a boundary back to the earliest start of overlapping occurrences", () => {
    const spans = [
      { span: "abab", category: "other" },
      { span: "cab", category: "other" },
    ];
    expect(safeBoundary("xcabab", 5, spans)).toBe(1);
    expect(safeBoundary("xcabab", 6, spans)).toBe(6);
  });

  it("moves a boundary inside a span back to the span's start", () => {
    const spans = [{ span: "jane@x.io", category: "email" }];
    expect(safeBoundary("to jane@x.io now", 7, spans)).toBe(3);
    expect(safeBoundary("to jane@x.io now", 12, spans)).toBe(12);
    expect(safeBoundary("to jane@x.io now", 2, spans)).toBe(2);
  });
});
