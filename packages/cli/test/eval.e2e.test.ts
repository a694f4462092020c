// `anthale eval` end to end: the built binary against the local fake Anthale (scripted decisions,
// rate limits, 429 storms, failures) and the Prism mock.
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunResults } from "../src/eval/case-result.js";
import {
  type FakeAnthale,
  type FakeOptions,
  type ReceivedRequest,
  startFakeAnthale,
} from "./fake-anthale.js";
import { buildCli } from "./support/build-cli.js";
import { runCli } from "./support/run-cli.js";

const POLICY = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const KEY = "sk-test-0123456789abcdef";

const fakes: FakeAnthale[] = [];
async function fake(options: Partial<FakeOptions> = {}): Promise<FakeAnthale> {
  const started = await startFakeAnthale({ apiKey: KEY, ...options });
  fakes.push(started);
  return started;
}

beforeAll(async () => {
  await buildCli();
}, 120_000);

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((started) => started.close()));
});

function envFor(server: { url: string }) {
  return { ANTHALE_API_KEY: KEY, ANTHALE_BASE_URL: server.url, ANTHALE_POLICY_ID: POLICY };
}

/** A dataset of `count` cases cycling through the four actions, each text unique. */
function cases(count: number, prefix = "c"): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `${prefix}${index}`;
    switch (index % 4) {
      case 0:
        return { id, text: `hello ${id}`, expect: { action: "allow" } };
      case 1:
        return {
          id,
          text: `BLOCK ${id}`,
          expect: { action: "block", guardrails: { "prompt-injection-protection": true } },
        };
      case 2:
        return { id, text: `DETECT ${id}`, expect: { action: ["detect", "allow"] } };
      default:
        return {
          id,
          text: `REDACT ${id}@example.com please`,
          expect: { action: "redact", redacted: [`${id}@example.com`] },
        };
    }
  });
}

async function dataset(lines: (Record<string, unknown> | string)[], name = "cases.jsonl") {
  const folder = await mkdtemp(join(tmpdir(), "anthale-eval-"));
  const path = join(folder, name);
  const text = lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line)));
  await writeFile(path, `${text.join("\n")}\n`);
  return { folder, path, out: join(folder, "out") };
}

/** The requests the fake accepted (answered 200). */
function accepted(requests: ReceivedRequest[]): ReceivedRequest[] {
  return requests.filter((request) => request.status === 200);
}

async function results(out: string): Promise<RunResults> {
  return JSON.parse(await readFile(join(out, "results.json"), "utf8"));
}

describe("anthale eval", () => {
  it("runs every case once and writes results.json, report.html and JUnit", async () => {
    const server = await fake();
    const data = await dataset(cases(40));
    const junit = join(data.folder, "eval.xml");
    const run = await runCli(["eval", data.path, "--out", data.out, "--junit", junit], {
      env: envFor(server),
    });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    const written = await results(data.out);
    expect(written).toMatchObject({
      version: 1,
      policy: POLICY,
      complete: true,
      dataset: data.path,
    });
    expect(written.cases.map((outcome) => outcome.id)).toEqual(cases(40).map((entry) => entry.id));
    expect(written.cases.every((outcome) => outcome.status === "done" && outcome.passed)).toBe(
      true,
    );
    expect(written.cases[1]).toMatchObject({ action: "block", requestId: expect.any(String) });
    expect(server.requests).toHaveLength(40);
    expect([...server.countByText().values()].every((count) => count === 1)).toBe(true);
    // The runner's private header never leaves the process.
    expect(server.requests.flatMap((request) => request.headerNames)).not.toContain(
      "x-anthale-cli-ticket",
    );
    expect(server.requests[0]?.headerNames).toContain("authorization");
    expect((await stat(join(data.out, "report.html"))).size).toBeGreaterThan(0);
    expect(await readFile(junit, "utf8")).toContain("<testsuite");
    expect(run.stdout).toContain(join(data.out, "results.json"));
    // Not a terminal: plain progress lines, the last one at the end.
    expect(run.stderr).toMatch(
      /^anthale eval: 40\/40 cases \(100%\), \d+ cases\/s.*, 10 blocked, 0 errors$/m,
    );
  });

  it("reads a CSV dataset", async () => {
    const server = await fake();
    const folder = await mkdtemp(join(tmpdir(), "anthale-eval-"));
    const path = join(folder, "cases.csv");
    await writeFile(path, 'id,text,expected_action\na,"hello, you",allow\nb,BLOCK now,block\n');
    const run = await runCli(
      ["eval", path, "--out", join(folder, "out"), "--json", "--no-progress"],
      {
        env: envFor(server),
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.metrics.cases).toBe(2);
    expect(output.gates.passed).toBe(true);
  });

  it("marks a case that keeps failing as an error and goes on", async () => {
    const server = await fake();
    const data = await dataset([...cases(4), { id: "broken", text: "FAIL500 now" }]);
    const run = await runCli(["eval", data.path, "--out", data.out, "--max-retries", "1"], {
      env: envFor(server),
    });
    expect(run.code).toBe(0);
    const broken = (await results(data.out)).cases.find((outcome) => outcome.id === "broken");
    expect(broken).toMatchObject({ status: "error", passed: false });
    expect(broken?.error).toContain("500");
    // The server's error quoted the key: it is in no output and no file.
    expect(await readFile(join(data.out, "results.json"), "utf8")).not.toContain(KEY);
    expect(await readFile(join(data.out, "report.html"), "utf8")).not.toContain(KEY);
    expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);
    expect(server.countByText().get("FAIL500 now")).toBe(2);
  });

  it("fails the gate (exit 2) when accuracy is below --min-accuracy", async () => {
    const server = await fake();
    const data = await dataset([
      ...cases(3),
      { id: "miss", text: "hello", expect: { action: "block" } },
    ]);
    const run = await runCli(["eval", data.path, "--out", data.out, "--min-accuracy", "0.9"], {
      env: envFor(server),
    });
    expect(run.stdout).toContain("Gate failed:");
    expect(run.code).toBe(2);
  });

  it("stops before sending anything when a line is invalid, listing each with its number", async () => {
    const server = await fake();
    const data = await dataset([
      ...cases(3),
      '{"id":"broken",',
      { id: "typo", text: "x", expect: { acton: "block" } },
      { id: "c0", text: "duplicate" },
    ]);
    const run = await runCli(["eval", data.path, "--out", data.out], { env: envFor(server) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${data.path}:4: this line is not valid JSON`);
    expect(run.stderr).toContain(`${data.path}:5: unknown key "expect.acton"`);
    expect(run.stderr).toContain(`${data.path}:6: duplicate id "c0" (first used on line 1).`);
    expect(run.stderr).toMatch(/has 3 invalid lines \(listed above\), so nothing was sent/);
    expect(server.requests).toHaveLength(0);
  });

  it("with --skip-invalid, leaves the invalid lines out and says which", async () => {
    const server = await fake();
    const data = await dataset([
      ...cases(3),
      "not json",
      { id: "x", messages: [{ content: "no role" }] },
    ]);
    const run = await runCli(["eval", data.path, "--out", data.out, "--skip-invalid"], {
      env: envFor(server),
    });
    expect(run.stderr).toContain("skipping 2 invalid lines (lines 4, 5)");
    expect(run.code).toBe(0);
    expect((await results(data.out)).cases).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
  });

  it("stops at once on a refused key, in one line without the key", async () => {
    const server = await fake();
    const data = await dataset(cases(200));
    const wrong = "sk-wrong-secret-key-987654321";
    const run = await runCli(["eval", data.path, "--out", data.out, "--api-key", wrong], {
      env: { ANTHALE_BASE_URL: server.url, ANTHALE_POLICY_ID: POLICY },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^anthale: The API key was refused \(401\)/m);
    expect(`${run.stdout}${run.stderr}`).not.toContain(wrong);
    // Only the first requests of the eight workers went out.
    expect(server.requests.length).toBeLessThanOrEqual(8);
  });

  it("rides out a 429 storm: the run completes and no case fails", async () => {
    const server = await fake({ storm: 30 });
    const data = await dataset(cases(40));
    const run = await runCli(["eval", data.path, "--out", data.out], { env: envFor(server) });
    expect(run.code).toBe(0);
    const written = await results(data.out);
    expect(written.complete).toBe(true);
    expect(written.cases.every((outcome) => outcome.status === "done")).toBe(true);
    expect(server.requests.filter((request) => request.status === 429)).toHaveLength(30);
    // Each case was accepted exactly once.
    const sent = accepted(server.requests);
    expect(new Set(sent.map((request) => request.text)).size).toBe(40);
    expect(sent).toHaveLength(40);
    // After the storm's first 429s, the run waited Retry-After (1 s) before sending on.
    const firstRefusal = server.requests.find((request) => request.status === 429)?.at ?? 0;
    expect((sent[0]?.at ?? 0) - firstRefusal).toBeGreaterThanOrEqual(900);
  });

  it("paces itself under an advertised rate limit instead of hammering it", async () => {
    const server = await fake({ rateLimit: { limit: 25, windowMs: 1000 } });
    const data = await dataset(cases(100));
    const run = await runCli(["eval", data.path, "--out", data.out], { env: envFor(server) });
    expect(run.code).toBe(0);
    const written = await results(data.out);
    expect(written.cases.every((outcome) => outcome.status === "done")).toBe(true);
    const sent = accepted(server.requests);
    expect(sent).toHaveLength(100);
    // The server's limit held in every window (it refuses beyond it), and the run met few
    // refusals: only its probes at window ends, never a burst of the eight workers.
    const perWindow = new Map<number, number>();
    for (const request of sent) {
      const window = Math.floor(request.at / 1000);
      perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
    }
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(25);
    const refused = server.requests.filter((request) => request.status === 429).length;
    expect(refused).toBeLessThanOrEqual(45 * perWindow.size);
    expect(refused).toBeLessThan(sent.length);
  });

  it("keeps what was done on Ctrl-C, and --resume sends only the rest", async () => {
    const server = await fake({ delayMs: 40 });
    const data = await dataset(cases(120));
    const first = await runCli(["eval", data.path, "--out", data.out, "--concurrency", "4"], {
      env: envFor(server),
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (server.requests.length >= 20) {
            clearInterval(timer);
            child.kill("SIGINT");
          }
        }, 5);
      },
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toContain("--resume");
    const partial = await results(data.out);
    expect(partial.complete).toBe(false);
    expect(partial.cases.length).toBeGreaterThanOrEqual(20);
    expect(partial.cases.length).toBeLessThan(120);
    const sentBefore = server.requests.length;
    expect(sentBefore).toBe(partial.cases.length);

    const second = await runCli(["eval", data.path, "--out", data.out, "--resume"], {
      env: envFor(server),
    });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`resuming: ${partial.cases.length} of 120 cases already done`);
    const full = await results(data.out);
    expect(full.complete).toBe(true);
    expect(full.cases.map((outcome) => outcome.id)).toEqual(cases(120).map((entry) => entry.id));
    expect(full.startedAt).toBe(partial.startedAt);
    // No finished case was sent again.
    expect(server.requests).toHaveLength(120);
    expect([...server.countByText().values()].every((count) => count === 1)).toBe(true);
  });

  it("after a crash, --resume re-sends none of the cases its journal kept", async () => {
    const server = await fake({ delayMs: 30 });
    const data = await dataset(cases(120));
    const crashed = await runCli(["eval", data.path, "--out", data.out, "--concurrency", "4"], {
      env: envFor(server),
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (server.requests.length >= 30) {
            clearInterval(timer);
            child.kill("SIGKILL");
          }
        }, 5);
      },
    });
    expect(crashed.signal).toBe("SIGKILL");
    const journal = (await readFile(join(data.out, "journal.jsonl"), "utf8"))
      .split("\n")
      .filter((line) => line.includes('"status"'))
      .map((line) => JSON.parse(line).id as string);
    expect(journal.length).toBeGreaterThan(0);
    const texts = new Map(cases(120).map((entry) => [entry.id as string, entry.text as string]));

    const resumed = await runCli(["eval", data.path, "--out", data.out, "--resume"], {
      env: envFor(server),
    });
    expect(resumed.code).toBe(0);
    expect((await results(data.out)).complete).toBe(true);
    const counts = server.countByText();
    for (const id of journal) expect(counts.get(texts.get(id) as string), id).toBe(1);
    // Sent twice: at most the cases in flight when it crashed, and those whose outcome was
    // still being written (a write per batch, a few lines at most).
    expect(server.requests.length).toBeLessThanOrEqual(120 + 2 * 4);
  });

  it("flags a regression between two runs (exit 2 with --fail-on-regression)", async () => {
    const data = await dataset(cases(8));
    const before = await fake();
    const first = await runCli(["eval", data.path, "--out", join(data.folder, "before")], {
      env: envFor(before),
    });
    expect(first.code).toBe(0);
    // The policy changed: it now lets the injection of case c1 through.
    const after = await fake({ rewrite: (text) => (text === "BLOCK c1" ? "hello" : text) });
    const previous = join(data.folder, "before", "results.json");
    const second = await runCli(
      ["eval", data.path, "--out", data.out, "--compare", previous, "--fail-on-regression"],
      { env: envFor(after) },
    );
    expect(second.stdout).toContain("c1");
    expect(second.stdout).toContain("Gate failed:");
    expect(second.code).toBe(2);
    const same = await runCli(
      ["eval", data.path, "--out", data.out, "--compare", previous, "--fail-on-regression"],
      {
        env: envFor(before),
      },
    );
    expect(same.code).toBe(0);
  });

  it("runs against the Prism mock (requests valid for the contract)", async () => {
    const data = await dataset([
      { id: "p1", text: "What is the best season to visit Lisbon?", expect: { action: "allow" } },
      {
        id: "p2",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Hi" },
        ],
      },
    ]);
    const run = await runCli(["eval", data.path, "--out", data.out], {
      env: {
        ANTHALE_API_KEY: KEY,
        ANTHALE_BASE_URL: inject("prismUrl"),
        ANTHALE_POLICY_ID: POLICY,
      },
    });
    expect(run.stderr).not.toContain("anthale:");
    expect(run.code).toBe(0);
    const written = await results(data.out);
    expect(written.cases.map((outcome) => outcome.status)).toEqual(["done", "done"]);
  });
});
