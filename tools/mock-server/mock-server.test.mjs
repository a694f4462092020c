import { describe, expect, it } from "vitest";
import { startMockServer } from "./index.mjs";

describe("startMockServer", () => {
  it("serves the contract on a free loopback port, checks requests, and stops", async () => {
    const server = await startMockServer();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const url = `${server.url}/organizations/policies/5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44/enforce`;
      const headers = {
        "content-type": "application/json",
        authorization: "Bearer k",
        prefer: "example=block",
      };
      const ok = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ direction: "input", messages: [{ role: "user", content: "hi" }] }),
      });
      expect(ok.status).toBe(200);
      expect((await ok.json()).action).toBe("block");
      const bad = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ direction: "input" }),
      });
      expect(bad.status).toBe(422);
      expect(bad.headers.get("sl-violations")).toContain("messages");
    } finally {
      await server.stop();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it("reports a contract Prism cannot read", async () => {
    await expect(
      startMockServer({ contract: "/nonexistent/contract.yaml", startTimeout: 30_000 }),
    ).rejects.toThrow(/Prism/);
  });
});
