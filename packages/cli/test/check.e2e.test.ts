// `anthale check` end to end: the built binary against the Prism mock of the contract and against
// the local fake Anthale with scripted decisions.
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type FakeAnthale, startFakeAnthale } from "./fake-anthale.js";
import { buildCli } from "./support/build-cli.js";
import { runCli } from "./support/run-cli.js";

const POLICY = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const KEY = "sk-test-0123456789abcdef";

let fake: FakeAnthale;
let folder: string;
let env: Record<string, string>;

beforeAll(async () => {
  [fake] = await Promise.all([startFakeAnthale({ apiKey: KEY }), buildCli()]);
  folder = await mkdtemp(join(tmpdir(), "anthale-check-"));
  env = { ANTHALE_API_KEY: KEY, ANTHALE_BASE_URL: fake.url, ANTHALE_POLICY_ID: POLICY };
}, 120_000);

afterAll(async () => {
  await fake?.close();
});

describe("anthale check against the Prism mock", () => {
  it("sends a valid request and prints the decision", async () => {
    const run = await runCli(
      ["check", "--policy", POLICY, "What is the best season to visit Lisbon?"],
      {
        env: { ANTHALE_API_KEY: KEY, ANTHALE_BASE_URL: inject("prismUrl") },
      },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^Action: ALLOW/);
    expect(run.stdout).toContain("prompt-injection-protection");
    expect(run.code).toBe(0);
  });

  it("prints the result object with --json", async () => {
    const run = await runCli(["check", "--json", "Hello"], {
      env: {
        ANTHALE_API_KEY: KEY,
        ANTHALE_BASE_URL: inject("prismUrl"),
        ANTHALE_POLICY_ID: POLICY,
      },
    });
    const result = JSON.parse(run.stdout);
    expect(result.action).toBe("allow");
    expect(Array.isArray(result.evaluations)).toBe(true);
    expect(run.code).toBe(0);
  });
});

describe("anthale check against the fake Anthale", () => {
  it("exits 0 on allow, detect and redact, and 3 on block", async () => {
    const allow = await runCli(["check", "hello"], { env });
    expect(allow.stdout).toMatch(/^Action: ALLOW/);
    expect(allow.code).toBe(0);

    const detect = await runCli(["check", "DETECT politics"], { env });
    expect(detect.stdout).toMatch(/^Action: DETECT/);
    expect(detect.stdout).toMatch(/topic-control\s+detect\s+0\.87/);
    expect(detect.code).toBe(0);

    const block = await runCli(["check", "BLOCK me"], { env });
    expect(block.stdout).toMatch(/^Action: BLOCK/);
    expect(block.stdout).toMatch(/prompt-injection-protection\s+block\s+0\.98/);
    expect(block.stdout).toMatch(/Request id: [0-9a-f-]{36}/);
    expect(block.code).toBe(3);
  });

  it("shows the redacted conversation on redact", async () => {
    const run = await runCli(["check", "Write to REDACT jane@example.com today"], { env });
    expect(run.stdout).toMatch(/^Action: REDACT/);
    expect(run.stdout).toContain("user: Write to REDACT [REDACTED:email] today");
    expect(run.stdout).not.toContain("jane@example.com");
    expect(run.code).toBe(0);
  });

  it("exits 3 on a redaction that could not be applied in full, and shows no redacted text", async () => {
    // The server flags a span the conversation does not hold.
    const misplaced = await startFakeAnthale({
      apiKey: KEY,
      rewrite: () => "REDACT ghost@example.com",
    });
    try {
      const run = await runCli(["check", "Write to jane@example.com today"], {
        env: { ...env, ANTHALE_BASE_URL: misplaced.url },
      });
      expect(run.stdout).toMatch(/^Action: REDACT/);
      expect(run.stdout).toContain("Redaction: INCOMPLETE");
      expect(run.stdout).not.toContain("Redacted conversation");
      expect(run.code).toBe(3);
    } finally {
      await misplaced.close();
    }
  });

  it("reads a conversation from stdin and a file, with metadata and direction", async () => {
    const conversation = {
      messages: [
        { role: "system", content: "You are helpful." },
        { role: "user", content: "BLOCK this" },
      ],
      metadata: { tenant: "acme" },
    };
    const stdin = await runCli(["check", "-", "--metadata", "user=42", "--direction", "output"], {
      env,
      input: JSON.stringify(conversation),
    });
    expect(stdin.code).toBe(3);
    const received = fake.requests.at(-1);
    expect(received?.metadata).toEqual({ tenant: "acme", user: "42" });
    expect(received?.direction).toBe("output");

    const file = join(folder, "conv.json");
    await writeFile(file, JSON.stringify(conversation.messages));
    const fromFile = await runCli(["check", "--file", file, "--json"], { env });
    expect(JSON.parse(fromFile.stdout).action).toBe("block");
    expect(fromFile.code).toBe(3);
  });

  it("names the file and the place when the conversation is not valid", async () => {
    const notJson = join(folder, "broken.json");
    await writeFile(notJson, '{\n  "messages": [\n    {"role": "user" "content": "x"}\n  ]\n}');
    const broken = await runCli(["check", "--file", notJson], { env });
    expect(broken.stderr).toMatch(
      /broken\.json is not valid JSON at line 3, column 21 \(Expected ',' or '}' after property value\)/,
    );
    expect(broken.stderr.trim().split("\n")).toHaveLength(1);
    expect(broken.code).toBe(1);

    const noRole = await runCli(["check", "-"], { env, input: '[{"content":"hi"}]' });
    expect(noRole.stderr).toBe(
      'anthale: stdin: messages[0] has no "role" (one of system, user, assistant, tool).\n',
    );
    expect(noRole.code).toBe(1);
  });

  it("says how to give a missing key, in one line and without a stack", async () => {
    const run = await runCli(["check", "hello"], {
      env: { ANTHALE_BASE_URL: fake.url, ANTHALE_POLICY_ID: POLICY },
    });
    expect(run.stderr).toBe(
      "anthale: No API key: set ANTHALE_API_KEY or pass --api-key (an organization API key from the Anthale console).\n",
    );
    expect(run.code).toBe(1);
  });

  it("never prints a refused key, even when the server's error quotes it", async () => {
    const wrong = "sk-wrong-secret-key-987654321";
    for (const args of [
      ["check", "hello", "--api-key", wrong],
      ["check", "hello", `--api-key=${wrong}`],
    ]) {
      const run = await runCli(args, {
        env: { ANTHALE_BASE_URL: fake.url, ANTHALE_POLICY_ID: POLICY },
      });
      expect(run.stderr).toMatch(/^anthale: The API key was refused \(401\)/);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(`${run.stdout}${run.stderr}`).not.toContain(wrong);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.code).toBe(1);
    }
  });

  it("refuses a base URL fetch cannot use, naming the flag", async () => {
    const run = await runCli(["check", "hello", "--base-url", "http://127.0.0.1:9"], { env });
    expect(run.stderr).toMatch(
      /^anthale: The base URL \(--base-url or ANTHALE_BASE_URL\): must not use port 9/,
    );
    expect(run.code).toBe(1);
  });

  it("refuses a key in a base URL without quoting it", async () => {
    const run = await runCli(["check", "hello"], {
      env: { ...env, ANTHALE_BASE_URL: `http://user:${KEY}@127.0.0.1:9/` },
    });
    expect(run.stderr).not.toContain(KEY);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.code).toBe(1);
  });

  it("reports an unreachable server in one line", async () => {
    const run = await runCli(["check", "hello", "--max-retries", "0"], {
      env: { ...env, ANTHALE_BASE_URL: `http://127.0.0.1:${await closedPort()}` },
    });
    expect(run.stderr).toMatch(/^anthale: Could not reach Anthale .*check --base-url/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.code).toBe(1);
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
