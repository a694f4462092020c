import { afterEach, describe, expect, it } from "vitest";
import { startBenchServer } from "./eval-bench.mjs";

const path = "/organizations/policies/00000000-0000-4000-8000-000000000001/enforce";
const started = [];

async function server(rateLimit) {
  const running = await startBenchServer(rateLimit);
  started.push(running);
  return running;
}

/** Sends `count` enforce requests one after the other; resolves with their answers. */
async function send(url, count) {
  const answers = [];
  for (let index = 0; index < count; index++) {
    const response = await fetch(`${url}${path}`, {
      method: "POST",
      body: JSON.stringify({ direction: "input", messages: [{ role: "user", content: "hi" }] }),
      headers: { "content-type": "application/json" },
    });
    answers.push({
      status: response.status,
      headers: response.headers,
      body: await response.json(),
    });
  }
  return answers;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((running) => running.close()));
});

describe("the eval bench's server (a process of its own)", () => {
  it("answers allow and counts what it accepted, until reset", async () => {
    const running = await server();
    const answers = await send(running.url, 5);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0].body.action).toBe("allow");
    expect(answers[0].headers.get("ratelimit-limit")).toBeNull();
    const figures = await running.figures();
    expect(figures.accepted).toBe(5);
    expect(figures.refused).toBe(0);
    expect(figures.acceptedIn.reduce((sum, [, count]) => sum + count, 0)).toBe(5);
    expect(figures.lastAcceptedAt).toBeGreaterThanOrEqual(figures.firstAcceptedAt);
    expect(figures.cpuMs).toBeGreaterThan(0);
    await running.reset();
    await send(running.url, 2);
    expect((await running.figures()).accepted).toBe(2);
  });

  it("advertises its rate limit and answers 429 with Retry-After beyond it", async () => {
    // One window for the whole test: a minute long.
    const running = await server({ limit: 3, windowMs: 60_000 });
    const answers = await send(running.url, 5);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answers.map((answer) => answer.headers.get("ratelimit-remaining"))).toEqual([
      "2",
      "1",
      "0",
      "0",
      "0",
    ]);
    expect(answers.every((answer) => answer.headers.get("ratelimit-limit") === "3")).toBe(true);
    expect(Number(answers[3].headers.get("retry-after"))).toBeGreaterThan(0);
    expect(answers[0].headers.get("retry-after")).toBeNull();
    const figures = await running.figures();
    expect(figures).toMatchObject({ accepted: 3, refused: 2 });
    expect(figures.acceptedIn).toEqual([[expect.any(Number), 3]]);
    expect(figures.refusedIn).toEqual([[figures.acceptedIn[0][0], 2]]);
  });

  it("exits when closed", async () => {
    const running = await startBenchServer();
    await running.close();
    await expect(fetch(`${running.url}${path}`, { method: "POST", body: "{}" })).rejects.toThrow();
  });
});
