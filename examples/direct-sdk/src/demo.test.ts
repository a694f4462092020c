import { type MockServer, startMockServer } from "@anthale/mock-server";
import { Anthale } from "@anthale/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoModel, runDemo } from "./demo.js";
import { guardedChat } from "./guarded-chat.js";

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer();
}, 60_000);
afterAll(async () => {
  await mock.stop();
});

describe("the direct SDK demo", () => {
  it("continues on allow and detect, forwards redacted messages, and stops on block", async () => {
    const lines: string[] = [];
    const client = new Anthale({ apiKey: "demo-key", baseURL: mock.url, logLevel: "off" });
    const outcomes = await runDemo({
      client,
      policyId: "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44",
      onMock: true,
      print: (line) => lines.push(line),
    });
    expect(outcomes.map((outcome) => [outcome.action, outcome.modelCalled])).toEqual([
      ["allow", true],
      ["detect", true],
      ["redact", true],
      ["block", false],
    ]);
    const redacted = JSON.stringify(outcomes[2]?.sentToModel);
    expect(redacted).toContain("[REDACTED:email]");
    expect(redacted).not.toContain("jane.doe@example.com");
    expect(outcomes[3]?.answer).toBeUndefined();
    expect(lines.join("\n")).toContain("the model was called 3 times");
  });

  it("stops before the model when a redaction cannot be applied", async () => {
    const client = new Anthale({ apiKey: "demo-key", baseURL: mock.url, logLevel: "off" });
    let calls = 0;
    // The mock's redact example flags an address this conversation does not hold.
    const outcome = await guardedChat(
      client,
      "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44",
      [{ role: "user", content: "Hello" }],
      async (messages) => {
        calls++;
        return echoModel(messages);
      },
      { headers: { Prefer: "example=redact" } },
    );
    expect(outcome).toMatchObject({
      action: "redact",
      modelCalled: false,
      redactionComplete: false,
    });
    expect(outcome.sentToModel).toBeUndefined();
    expect(calls).toBe(0);
  });
});
