import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type MockServer, startMockServer } from "@anthale/mock-server";
import { Anthale } from "@anthale/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamGuardedAnswer, tryBlockedPrompt, windowSize } from "./guarded-stream.js";
import { type ModelStandIn, reply, startModelStandIn } from "./model-stand-in.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";

describe("the guarded stream example, in process", () => {
  let mock: MockServer;
  let model: ModelStandIn;

  beforeAll(async () => {
    mock = await startMockServer();
    model = await startModelStandIn();
  }, 60_000);
  afterAll(async () => {
    await model?.stop();
    await mock?.stop();
  });

  it("streams the model's answer in pieces, each released after a check covering it", async () => {
    const written: string[] = [];
    const anthale = new Anthale({ apiKey: "demo-key", baseURL: mock.url, logLevel: "off" });
    const before = model.requests;
    const { pieces, checks } = await streamGuardedAnswer({
      anthale,
      policyId,
      modelBaseURL: model.baseURL,
      write: (text) => written.push(text),
    });
    expect(pieces.join("")).toBe(reply);
    expect(pieces.length).toBeGreaterThan(1);
    expect(checks.input).toBe(1);
    // One check per window of the answer at least (the last one covers the end).
    expect(checks.output).toBeGreaterThanOrEqual(Math.ceil(reply.length / windowSize));
    expect(model.requests - before).toBe(1);
    expect(written.join("")).toContain(reply);
  });

  it("stops a blocked prompt before the model", async () => {
    const written: string[] = [];
    const anthale = new Anthale({
      apiKey: "demo-key",
      baseURL: mock.url,
      logLevel: "off",
      defaultHeaders: { Prefer: "example=block" },
    });
    const before = model.requests;
    const direction = await tryBlockedPrompt({
      anthale,
      policyId,
      modelBaseURL: model.baseURL,
      write: (text) => written.push(text),
    });
    expect(direction).toBe("input");
    expect(model.requests).toBe(before);
    expect(written.join("")).toContain("the model was never called");
  });
});

describe("the guarded stream example, as `pnpm start` runs it", () => {
  it("streams the answer to stdout, stops both servers and exits 0", async () => {
    const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
    const { ANTHALE_API_KEY, ANTHALE_POLICY_ID, ...env } = process.env;
    // Resolves only when the process exits 0 (execFile rejects otherwise): with both servers
    // stopped, nothing keeps it alive.
    const { stdout } = await promisify(execFile)(process.execPath, [main], { env });
    expect(stdout).toContain(`A: ${reply}`);
    expect(stdout).toContain("Anthale blocked the input: the model was never called.");
    expect(stdout).toContain("The model was called 1 time(s).");
  }, 120_000);
});
