import { afterEach, describe, expect, it, vi } from "vitest";
import { decide } from "../../../test/integrations/helpers/fake-anthale.js";
import { AnthalePolicyViolationError } from "../../base/errors.js";
import type { EnforceResult } from "../../base/types.js";
import { maxRedactionThreads } from "../../redaction/redact-messages.js";
import { SpanMatcher } from "../../redaction/redact-text.js";
import type { StreamMode } from "./options.js";
import { chunksPerTurn, guardStream, nextWindow, redactSlice, safeEnd } from "./stream-guard.js";

// Counts the span matchers the stream guard builds; they behave as the real ones.
const matchers = vi.hoisted(() => ({ built: 0 }));
vi.mock("./redaction.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("./redaction.js")>();
  class CountedSpanMatcher extends original.SpanMatcher {
    constructor(...spans: ConstructorParameters<typeof original.SpanMatcher>) {
      super(...spans);
      matchers.built++;
    }
  }
  return { ...original, SpanMatcher: CountedSpanMatcher };
});

interface Chunk {
  text: string;
  tool?: string;
}

/** A source the test feeds by hand; records whether it was cancelled. */
function controlledSource() {
  const queue: (Chunk | null)[] = [];
  let wake: () => void = () => {};
  const state = { cancelled: false, pulled: 0, ended: false };
  const source: AsyncIterable<Chunk> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const item = queue.shift();
        if (item === null || item === undefined) {
          state.ended = true;
          return { done: true, value: undefined };
        }
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
    firstWindowSize: windowSize,
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

/** A check the test answers by hand: the text it was given, and how to answer it. */
interface HeldCheck {
  text: string;
  pass: (result?: EnforceResult) => void;
  fail: (error: unknown) => void;
}

/** Waits, a turn of the event loop at a time, until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; !condition(); turn++) {
    if (turn > 10_000) throw new Error("the condition never held");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * A window-mode stream of one text channel, with a log of what happened, in order: `read <n>` as
 * a chunk is read (n: the length read so far), `check <n>` as a check of the first n characters
 * starts, `pass <n>` as it is answered, `release <n>` as the consumer gets a chunk (n: the length
 * released so far). With `answer: "by hand"` the test answers each check (`checks`); with
 * `"at once"` every check passes as soon as it starts.
 */
function loggedStream(windowSize: number, firstWindowSize: number, answer: "by hand" | "at once") {
  const feed = controlledSource();
  const checks: HeldCheck[] = [];
  const log: string[] = [];
  let read = 0;
  let released = 0;
  const stream = guardStream<Chunk>({
    source: feed.source,
    mode: "window",
    windowSize,
    firstWindowSize,
    read: (chunk) => {
      read += chunk.text.length;
      log.push(`read ${read}`);
      return [{ channel: "text", text: chunk.text }];
    },
    write: (chunk, [text]) => ({ ...chunk, text: text ?? "" }),
    check: (answers) => {
      const text = answers.get("text") ?? "";
      log.push(`check ${text.length}`);
      return new Promise<EnforceResult | undefined>((resolve, reject) => {
        const pass = (result?: EnforceResult) => {
          log.push(`pass ${text.length}`);
          resolve(result);
        };
        checks.push({ text, pass, fail: reject });
        if (answer === "at once") pass();
      });
    },
  });
  const received: string[] = [];
  // The iteration's outcome: `undefined` once it ended, or the error it rejected with.
  const outcome = (async () => {
    for await (const chunk of stream) {
      received.push(chunk.text);
      released += chunk.text.length;
      log.push(`release ${released}`);
    }
  })().then(
    () => undefined,
    (error: unknown) => error,
  );
  /** Feeds `count` chunks of ten characters (nine letters and a space), each once read. */
  const pushWords = async (count: number) => {
    for (let index = 0; index < count; index++) {
      const before = feed.state.pulled;
      feed.push({ text: "abcdefghi " });
      await until(() => feed.state.pulled === before + 1);
    }
  };
  const lengthsChecked = () => checks.map((check) => check.text.length);
  return { feed, checks, log, received, outcome, pushWords, lengthsChecked };
}

describe("guardStream window schedule", () => {
  it("grows each window to twice the one before, up to windowSize", () => {
    const windows = [32];
    while (windows.length < 6) windows.push(nextWindow(windows.at(-1) as number, 200));
    expect(windows).toEqual([32, 64, 128, 200, 200, 200]);
    expect(nextWindow(5, 8)).toBe(8);
    expect(nextWindow(8, 8)).toBe(8);
  });

  it("checks after a first short window, then after windows growing up to windowSize", async () => {
    // 100 chunks of 10 characters, each check passing before the next chunk comes.
    const { feed, outcome, pushWords, received, lengthsChecked } = loggedStream(200, 32, "at once");
    await pushWords(100);
    feed.end();
    expect(await outcome).toBeUndefined();
    // Windows of 32, 64, 128, then 200 characters from the previous check's start (each check
    // starts on the chunk that completes its window), and none after the last chunk: the check
    // that started on it covered the whole answer.
    expect(lengthsChecked()).toEqual([40, 110, 240, 440, 640, 840, 1000]);
    expect(received.join("")).toBe("abcdefghi ".repeat(100));
  });

  it("makes one call per window and the final one, as many as the schedule says", async () => {
    // 400 characters: windows end at 40, 110 and 240, and the final check covers the rest. Fixed
    // windows of 200 would check 200, 400, then 400 again.
    const { feed, outcome, pushWords, lengthsChecked } = loggedStream(200, 32, "at once");
    await pushWords(40);
    feed.end();
    expect(await outcome).toBeUndefined();
    expect(lengthsChecked()).toEqual([40, 110, 240, 400]);
  });

  it("releases the first text one short window and one check after the first chunk", async () => {
    const { checks, log, pushWords, lengthsChecked } = loggedStream(200, 32, "by hand");
    await pushWords(5);
    expect(lengthsChecked()).toEqual([40]);
    (checks[0] as HeldCheck).pass();
    await until(() => log.includes("release 40"));
    expect(log).toEqual([
      "read 10",
      "read 20",
      "read 30",
      "read 40",
      "check 40",
      "read 50",
      "pass 40",
      "release 10",
      "release 20",
      "release 30",
      "release 40",
    ]);
    // The next window is 64 characters from the first check's start: no check yet at 50.
    expect(lengthsChecked()).toEqual([40]);
  });

  it("never releases a character before a check that covered it passed", async () => {
    const { feed, log, pushWords, outcome } = loggedStream(200, 8, "at once");
    await pushWords(36);
    feed.end();
    expect(await outcome).toBeUndefined();
    let passed = 0;
    for (const entry of log) {
      const [kind, length] = entry.split(" ") as [string, string];
      if (kind === "pass") passed = Math.max(passed, Number(length));
      if (kind === "release") expect(Number(length)).toBeLessThanOrEqual(passed);
    }
    expect(log.at(-1)).toBe("release 360");
  });
});

// Fixed windows of 40 characters here, so that only the final check is in question.
describe("guardStream final check", () => {
  it("takes a check under way when the stream ends, covering all of it, as the final one", async () => {
    const { feed, checks, log, pushWords, outcome, lengthsChecked } = loggedStream(
      40,
      40,
      "by hand",
    );
    await pushWords(4);
    expect(lengthsChecked()).toEqual([40]);
    feed.end();
    // The end is seen while the check is under way.
    await until(() => feed.state.ended);
    await tick();
    expect(lengthsChecked()).toEqual([40]);
    (checks[0] as HeldCheck).pass();
    await tick();
    // One Anthale call for the whole answer, not a second one with the same text.
    expect(lengthsChecked()).toEqual([40]);
    expect(await outcome).toBeUndefined();
    expect(log.at(-1)).toBe("release 40");
  });

  it("takes a check that passed before the end was seen, covering all of it, as the final one", async () => {
    const { feed, checks, log, pushWords, outcome, lengthsChecked } = loggedStream(
      40,
      40,
      "by hand",
    );
    await pushWords(4);
    (checks[0] as HeldCheck).pass();
    await until(() => log.includes("release 40"));
    feed.end();
    await until(() => feed.state.ended);
    await tick();
    expect(lengthsChecked()).toEqual([40]);
    expect(await outcome).toBeUndefined();
  });

  it("starts the final check without waiting for a window check under way", async () => {
    const { feed, checks, log, pushWords, outcome, lengthsChecked } = loggedStream(
      40,
      40,
      "by hand",
    );
    await pushWords(5);
    feed.end();
    // The window check (40) is still under way: the final one (50) starts at once.
    await until(() => checks.length === 2);
    expect(lengthsChecked()).toEqual([40, 50]);
    // The final check passes first: nothing leaves until the window check, started before it,
    // passed too.
    (checks[1] as HeldCheck).pass();
    await tick();
    expect(log.filter((entry) => entry.startsWith("release"))).toEqual([]);
    (checks[0] as HeldCheck).pass();
    expect(await outcome).toBeUndefined();
    expect(log.at(-1)).toBe("release 50");
  });

  it("releases nothing the final check covered when the window check under way fails", async () => {
    const { feed, checks, received, pushWords, outcome } = loggedStream(40, 40, "by hand");
    await pushWords(5);
    feed.end();
    await until(() => checks.length === 2);
    (checks[1] as HeldCheck).pass();
    await tick();
    (checks[0] as HeldCheck).fail(new Error("blocked"));
    expect(await outcome).toEqual(new Error("blocked"));
    expect(received).toEqual([]);
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
      firstWindowSize: 10,
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
      firstWindowSize: 5,
      read: (chunk) => [{ channel: "text", text: chunk.text }],
      check: () =>
        new Promise((_, reject) => setTimeout(() => reject(new Error("Anthale is down")), 5)),
    });
    await expect(collect(stream)).rejects.toThrow("Anthale is down");
  });
});

/** A `redact` result flagging `spans` (as the stream guard reads it: only the spans count). */
function redactOf(...spans: string[]): EnforceResult {
  return {
    enforcerIdentifier: "e",
    action: "redact",
    evaluations: [
      {
        guardrailKey: "data-leakage-prevention",
        action: "redact",
        score: 1,
        threads: spans.map((span) => ({
          span,
          category: "name",
          score: 1,
          messageIdentifier: 0,
          contentIdentifier: 0,
        })),
      },
    ],
  };
}

/** A stream of one text channel checked by `check`, fed by hand. */
function textStream(
  mode: StreamMode,
  windowSize: number,
  check: (text: string) => EnforceResult | undefined,
) {
  const feed = controlledSource();
  const stream = guardStream<Chunk>({
    source: feed.source,
    mode,
    windowSize,
    firstWindowSize: windowSize,
    read: (chunk) => [{ channel: "text", text: chunk.text }],
    write: (chunk, [text]) => ({ ...chunk, text: text ?? "" }),
    check: async (answer) => check(answer.get("text") ?? ""),
  });
  return { feed, stream };
}

describe("guardStream redaction by one matcher", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("hides the tail of a span that started in text released before it was known", async () => {
    const { feed, stream } = textStream("window", 5, (text) =>
      text.includes("Jane Doe") ? redactOf("Jane Doe") : undefined,
    );
    const received: string[] = [];
    const consuming = (async () => {
      for await (const chunk of stream) received.push(chunk.text);
    })();
    feed.push({ text: "Hello Jane " });
    for (let i = 0; i < 50 && received.length === 0; i++) await tick();
    expect(received).toEqual(["Hello Jane "]);
    feed.push({ text: "Doe, bye" });
    feed.end();
    await consuming;
    expect(received).toEqual(["Hello Jane ", "[REDACTED:name], bye"]);
  });

  it("never ends released text inside a span, and redacts what it releases", async () => {
    const { feed, stream } = textStream("buffer", 5, (text) =>
      text.includes("Jane Doe") ? redactOf("Jane Doe") : undefined,
    );
    feed.push({ text: "Hi Ja" }, { text: "ne D" }, { text: "oe and " }, { text: "Jane Doe." });
    feed.end();
    const out = (await collect(stream)).map((chunk) => chunk.text);
    expect(out).toEqual(["Hi ", "", "[REDACTED:name] and ", "[REDACTED:name]."]);
  });

  it("keeps every span a redact check flagged, and none of a detect check", async () => {
    const detect: EnforceResult = { ...redactOf("fine"), action: "detect" };
    const { feed, stream } = textStream("window", 5, (text) => {
      if (text.includes("end")) return detect;
      return text.includes("secret") ? redactOf("secret") : undefined;
    });
    const received: string[] = [];
    const consuming = (async () => {
      for await (const chunk of stream) received.push(chunk.text);
    })();
    feed.push({ text: "a secret here " });
    for (let i = 0; i < 50 && received.length === 0; i++) await tick();
    feed.push({ text: "fine secret end" });
    feed.end();
    await consuming;
    expect(received.join("")).toBe("a [REDACTED:name] here fine [REDACTED:name] end");
  });

  it("searches each channel once per check, not once per chunk", async () => {
    const find = vi.spyOn(SpanMatcher.prototype, "find");
    const { feed, stream } = textStream("buffer", 5, (text) =>
      text.includes("Jane Doe") ? redactOf("Jane Doe") : undefined,
    );
    const words = Array.from({ length: 200 }, (_, index) => (index === 100 ? "Jane Doe " : "w "));
    feed.push(...words.map((text) => ({ text })));
    feed.end();
    const out = (await collect(stream)).map((chunk) => chunk.text);
    expect(out).toHaveLength(200);
    expect(out.join("")).toBe(words.join("").replace("Jane Doe", "[REDACTED:name]"));
    expect(find).toHaveBeenCalledTimes(1);
  });
});

describe("guardStream span matcher", () => {
  it("builds none for a passthrough stream, even when a check flags spans", async () => {
    matchers.built = 0;
    const { feed, stream } = textStream("passthrough", 5, () => redactOf("Jane Doe"));
    feed.push({ text: "Hello " }, { text: "Jane Doe" });
    feed.end();
    const out = (await collect(stream)).map((chunk) => chunk.text);
    expect(out).toEqual(["Hello ", "Jane Doe"]);
    expect(matchers.built).toBe(0);
  });

  it("builds one only once a check flags spans, and again when one flags new spans", async () => {
    matchers.built = 0;
    const { feed, stream } = textStream("window", 5, (text) =>
      text.includes("Alan Roe") ? redactOf("Jane Doe", "Alan Roe") : redactOf("Jane Doe"),
    );
    const received: string[] = [];
    const consuming = (async () => {
      for await (const chunk of stream) received.push(chunk.text);
    })();
    feed.push({ text: "Hello there " });
    for (let i = 0; i < 50 && received.length === 0; i++) await tick();
    // The first check flagged "Jane Doe": one matcher.
    expect(matchers.built).toBe(1);
    feed.push({ text: "Jane Doe and " }, { text: "Alan Roe. " });
    feed.end();
    await consuming;
    expect(received.join("")).toBe("Hello there [REDACTED:name] and [REDACTED:name]. ");
    // Later checks flagged "Alan Roe" once: one more matcher, whatever the number of checks.
    expect(matchers.built).toBe(2);
  });
});

describe("safeEnd", () => {
  const ranges = [
    { start: 1, end: 6, category: "other" },
    { start: 9, end: 12, category: "other" },
  ];

  it("moves an end inside a range back to the range's start, and leaves others", () => {
    expect(safeEnd(ranges, 3)).toBe(1);
    expect(safeEnd(ranges, 10)).toBe(9);
    expect(safeEnd(ranges, 1)).toBe(1);
    expect(safeEnd(ranges, 6)).toBe(6);
    expect(safeEnd(ranges, 7)).toBe(7);
    expect(safeEnd(ranges, 12)).toBe(12);
    expect(safeEnd([], 4)).toBe(4);
  });
});

describe("redactSlice", () => {
  const text = "to jane@x.io now";
  const ranges = [{ start: 3, end: 12, category: "email" }];

  it("hides the ranges inside the slice, clipping one that started before it", () => {
    expect(redactSlice(text, 0, 16, ranges)).toBe("to [REDACTED:email] now");
    expect(redactSlice(text, 0, 3, ranges)).toBe("to ");
    expect(redactSlice(text, 7, 16, ranges)).toBe("[REDACTED:email] now");
    expect(redactSlice(text, 12, 16, ranges)).toBe(" now");
  });
});

describe("guardStream cost", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Words of 1 to 8 letters, `length` code units in all, the same for every run. */
  function wordsOf(length: number): string {
    let seed = 42;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return Math.floor((seed / 2 ** 32) * n);
    };
    let text = "";
    while (text.length < length) {
      let word = "";
      for (let letters = 1 + next(8); letters > 0; letters--) word += "etaoinshrd"[next(10)];
      text += `${word} `;
    }
    return text.slice(0, length);
  }

  /** A source that hands `text` out `step` code units at a time, never waiting. */
  async function* chunksOf(text: string, step: number): AsyncGenerator<Chunk> {
    for (let at = 0; at < text.length; at += step) yield { text: text.slice(at, at + step) };
  }

  /** Guards `text`, given 4 code units per chunk, with checks that always flag `span`. */
  function guarded(mode: StreamMode, text: string, span: string) {
    return guardStream<Chunk>({
      source: chunksOf(text, 4),
      mode,
      windowSize: 200,
      firstWindowSize: 32,
      read: (chunk) => [{ channel: "text", text: chunk.text }],
      write: (chunk, [out]) => ({ ...chunk, text: out ?? "" }),
      check: async () => redactOf(span),
    });
  }

  it("searches, over a whole window-mode stream, text in proportion to its length", async () => {
    // Counts the code units each search looks at: its text less what it is told to keep.
    let searched = 0;
    const find = SpanMatcher.prototype.find;
    vi.spyOn(SpanMatcher.prototype, "find").mockImplementation(function (
      this: SpanMatcher,
      text: string,
      keep = [],
    ) {
      searched += text.length - keep.reduce((sum, { start, end }) => sum + end - start, 0);
      return find.call(this, text, keep);
    });
    const text = wordsOf(40_000);
    const span = text.slice(100, 120);
    const out = await collect(guarded("window", text, span));
    expect(out.map((chunk) => chunk.text).join("")).toBe(text.replaceAll(span, "[REDACTED:name]"));
    // 200 checks; searching the whole text at each would look at about 4 million code units.
    expect(searched).toBeLessThan(3 * text.length);
  });

  it("takes chunks out of its queue in time proportional to their number", async () => {
    // Counts the elements that shift() and splice() move in large arrays (the queue of chunks).
    let moved = 0;
    const originals = { shift: Array.prototype.shift, splice: Array.prototype.splice };
    for (const name of ["shift", "splice"] as const) {
      const original = originals[name] as (this: unknown[], ...args: unknown[]) => unknown;
      Object.defineProperty(Array.prototype, name, {
        configurable: true,
        writable: true,
        value(this: unknown[], ...args: unknown[]) {
          if (this.length >= 1_000) moved += this.length;
          return original.apply(this, args);
        },
      });
    }
    let out: Chunk[];
    try {
      out = await collect(guarded("buffer", wordsOf(80_000), "zzzz"));
    } finally {
      for (const [name, value] of Object.entries(originals)) {
        Object.defineProperty(Array.prototype, name, { configurable: true, writable: true, value });
      }
    }
    expect(out).toHaveLength(20_000);
    expect(moved).toBeLessThan(4 * out.length);
  });

  it("lets the event loop run while it reads a long stream and releases it", async () => {
    let turns = 0;
    let running = true;
    const turn = () => {
      turns++;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    const text = wordsOf(80_000);
    const out = await collect(guarded("buffer", text, "zzzz"));
    running = false;
    expect(out).toHaveLength(20_000);
    // 20,000 chunks read, then released: a turn at least every 512 of each, or so.
    expect(turns).toBeGreaterThanOrEqual(20_000 / chunksPerTurn);
  });
});

describe("guardStream limits and JSON channels", () => {
  it("stops once the spans flagged over the stream pass the limits", async () => {
    // Each check flags spans of its own: the third one brings them past the threads allowed.
    let checks = 0;
    const perCheck = Math.ceil(maxRedactionThreads / 3);
    const stream = guardStream<Chunk>({
      source: (async function* () {
        for (let index = 0; index < 10; index++) yield { text: `word${index} and more text ` };
      })(),
      mode: "window",
      windowSize: 20,
      firstWindowSize: 20,
      read: (chunk) => [{ channel: "text", text: chunk.text }],
      check: async () => {
        checks++;
        return redactOf(...Array.from({ length: perCheck }, (_, index) => `s${checks}-${index}`));
      },
    });
    const received: Chunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect((error as AnthalePolicyViolationError).reason).toBe("incomplete-redaction");
    expect((error as AnthalePolicyViolationError).result.redaction?.problem).toBe("too-many-spans");
    expect(checks).toBe(3);
    expect(received.length).toBeLessThan(10);
  });

  it("hides a span in a JSON channel where only its escaped form is, split across chunks", async () => {
    const arguments_ = ['{"to":"ceo', "\\u00", '40acme.com","note":"line\\', 'nbreak"}'];
    const stream = guardStream<{ delta: string }>({
      source: (async function* () {
        for (const delta of arguments_) yield { delta };
      })(),
      mode: "buffer",
      windowSize: 200,
      firstWindowSize: 200,
      read: (chunk) => [{ channel: "call", text: chunk.delta, path: ["delta"], json: true }],
      check: async () => redactOf("ceo@acme.com", "line\nbreak"),
    });
    const out: string[] = [];
    for await (const chunk of stream) out.push(chunk.delta);
    const joined = out.join("");
    expect(JSON.parse(joined)).toEqual({ to: "[REDACTED:name]", note: "[REDACTED:name]" });
  });
});
