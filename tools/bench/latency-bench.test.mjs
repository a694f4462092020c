import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import {
  firstWindowMs,
  latencyContenders,
  latencyRows,
  latencyTargets,
  limitsOf,
} from "./latency-bench.mjs";
import {
  answerChunks,
  defaultStandIns,
  modelTimeMs,
  standInSettings,
  startStandIns,
} from "./stand-ins.mjs";

const settings = { ...defaultStandIns };
const contender = (name) => latencyContenders().find((entry) => entry.name === name);
// The unguarded call as measured: T and M, 4 ms over the stand-in's own timing.
const unguarded = { firstChunk: 304, total: 1084 };

describe("the stand-ins' settings", () => {
  it("default to the issue's timing, and take the environment's", () => {
    expect(standInSettings({})).toEqual({
      firstTokenMs: 300,
      chunks: 40,
      chunkChars: 10,
      chunkGapMs: 20,
      anthaleDelayMs: 80,
    });
    expect(
      standInSettings({ BENCH_MODEL_FIRST_TOKEN_MS: "500", BENCH_ANTHALE_DELAY_MS: "0" }),
    ).toMatchObject({ firstTokenMs: 500, anthaleDelayMs: 0, chunks: 40 });
    expect(modelTimeMs(settings)).toBe(1080);
  });

  it("reject a value that is not a whole number, naming the variable", () => {
    expect(() => standInSettings({ BENCH_MODEL_CHUNKS: "0" })).toThrow("BENCH_MODEL_CHUNKS");
    expect(() => standInSettings({ BENCH_ANTHALE_DELAY_MS: "fast" })).toThrow(
      "BENCH_ANTHALE_DELAY_MS",
    );
  });

  it("cut the answer into chunks of the set size, with spaces between words", () => {
    const chunks = answerChunks(settings);
    expect(chunks).toHaveLength(40);
    expect(chunks.every((chunk) => chunk.length === 10)).toBe(true);
    expect(chunks.slice(0, 4).join("")).toMatch(/ /);
  });
});

describe("the stand-in model", () => {
  it("streams its chunks through the openai client, and answers whole when not streamed", async () => {
    const quick = { ...settings, firstTokenMs: 5, chunks: 6, chunkGapMs: 2, anthaleDelayMs: 1 };
    const { url, server } = await startStandIns(quick);
    try {
      const client = new OpenAI({ apiKey: "k", baseURL: `${url}/model/v1`, maxRetries: 0 });
      const request = { model: "m", messages: [{ role: "user", content: "hi" }] };
      const texts = [];
      for await (const chunk of await client.chat.completions.create({
        ...request,
        stream: true,
      })) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) texts.push(text);
      }
      expect(texts).toEqual(answerChunks(quick));
      const whole = await client.chat.completions.create(request);
      expect(whole.choices[0].message.content).toBe(answerChunks(quick).join(""));
      const anthale = await fetch(`${url}/v1/policies/p/enforce`, { method: "POST", body: "{}" });
      expect((await anthale.json()).action).toBe("allow");
    } finally {
      server.close();
    }
  });
});

describe("the guarded-call latency limits", () => {
  it("measure every stream mode with and without parallelInput, and the whole answer", () => {
    expect(latencyContenders().map((entry) => entry.name)).toEqual([
      "unguarded",
      "unguarded, not streamed",
      "buffer",
      "buffer + parallelInput",
      "window",
      "window + parallelInput",
      "passthrough",
      "passthrough + parallelInput",
      "not streamed",
      "not streamed + parallelInput",
    ]);
  });

  it("give each mode its floor: A + M + A, or max(M, A) + A with parallelInput", () => {
    for (const name of ["buffer", "window", "passthrough", "not streamed"]) {
      expect(limitsOf(contender(name), settings, unguarded).floor, name).toBe(80 + 1084 + 80);
      expect(limitsOf(contender(`${name} + parallelInput`), settings, unguarded).floor).toBe(
        1084 + 80,
      );
    }
    const slowCheck = { ...settings, anthaleDelayMs: 2000 };
    expect(limitsOf(contender("buffer + parallelInput"), slowCheck, unguarded).floor).toBe(4000);
    expect(limitsOf(contender("unguarded"), settings, unguarded)).toEqual({});
  });

  it("hold the first chunk of passthrough + parallelInput and of window", () => {
    // The first window (32 characters) is complete with the fourth chunk: W = 3 gaps = 60 ms.
    expect(firstWindowMs(settings)).toBe(60);
    const limit = (name) => limitsOf(contender(name), settings, unguarded).firstChunkLimit;
    expect(limit("passthrough + parallelInput")).toBe(304 + 5);
    expect(limit("window + parallelInput")).toBe(304 + 60 + 80 + 15);
    expect(limit("window")).toBe(80 + 304 + 60 + 80 + 15);
    expect(limit("passthrough")).toBeUndefined();
    expect(limit("buffer")).toBeUndefined();
  });

  it("pass within the limits and fail past them, or when nothing was measured", () => {
    const figures = (extra) => {
      const rows = { unguarded: { streamed: true, ...unguarded } };
      const row = { ...contender("window + parallelInput"), firstChunk: 440, total: 1170 };
      Object.assign(row, limitsOf(row, settings, unguarded));
      rows["window + parallelInput"] = { ...row, ...extra };
      return { rows };
    };
    expect(latencyTargets(figures({})).map((target) => target.pass)).toEqual([true, true]);
    expect(latencyTargets(figures({ firstChunk: 460 })).map((target) => target.pass)).toEqual([
      false,
      true,
    ]);
    expect(latencyTargets(figures({ total: 1185 })).map((target) => target.pass)).toEqual([
      true,
      false,
    ]);
    expect(latencyTargets(figures({ firstChunk: Number.NaN }))[0].pass).toBe(false);
    const [, row] = latencyRows(figures({}));
    expect(row).toEqual(["window + parallelInput", "440 ms", "+136", "1170 ms", "1164 ms", "+6"]);
  });
});
