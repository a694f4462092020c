// What a timeout does to the connection when the caller passed no signal, over real sockets: every
// attempt carries its own abort signal, so a timed-out attempt's request, or its body still
// arriving, is aborted and its connection closed at the deadline, the first attempt included.
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Anthale, APIConnectionTimeoutError } from "../../src/index.js";
import { type FaultServer, resultBody, startFaultServer } from "./fault-server.js";
import { activeHandles, handlesAbove } from "./leak-checks.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const params = {
  direction: "input" as const,
  messages: [{ role: "user" as const, content: "Hi" }],
};

/** Waits (a bounded number of turns) until `check` holds; returns whether it did. */
async function eventually(check: () => boolean, turns = 100): Promise<boolean> {
  for (let turn = 0; turn < turns && !check(); turn++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}

/** Whether each socket was closed. */
function closed(sockets: Socket[]): boolean[] {
  return sockets.map((socket) => socket.destroyed);
}

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("timeouts without a caller signal", () => {
  it("close the connection of the first attempt of a fresh client, seen from the server", async () => {
    const baseline = activeHandles();
    // The request gets headers and part of its body, then nothing more: the server never ends it.
    server = await startFaultServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": 200 });
      response.write('{"enforcerIdentifier":"0f3c9a8e');
      response.on("error", () => {});
    });
    const sockets = server.sockets;
    let closed = false;
    const client = new Anthale({
      apiKey: "k",
      baseURL: server.url,
      timeout: 1_000,
      maxRetries: 0,
      logLevel: "off",
    });
    const pending = client.organizations.policies.enforce(policyId, params).catch((e) => e);
    // The connection that carries the request, watched from the server's side once accepted.
    expect(await eventually(() => sockets.length > 0)).toBe(true);
    sockets[0]?.on("close", () => {
      closed = true;
    });
    expect(await pending).toBeInstanceOf(APIConnectionTimeoutError);
    expect(await eventually(() => closed, 300)).toBe(true);
    expect(server.requests).toHaveLength(1);
    await server.close();
    server = undefined;
    expect(await handlesAbove(baseline)).toEqual({});
  });

  it("close the connection of every timed-out attempt, the first one included", async () => {
    const baseline = activeHandles();
    const sockets: Socket[] = [];
    // Attempts never get an answer.
    server = await startFaultServer((request) => {
      sockets.push(request.socket);
    });
    const client = new Anthale({
      apiKey: "k",
      baseURL: server.url,
      timeout: 100,
      maxRetries: 2,
      logLevel: "off",
    });

    const error = await client.organizations.policies.enforce(policyId, params).catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests).toHaveLength(3);
    expect(await eventually(() => closed(sockets).join() === "true,true,true")).toBe(true);
    await server.close();
    server = undefined;
    expect(await handlesAbove(baseline)).toEqual({});
  });

  it("stop reading a body that trickles past the deadline, and close its connection", async () => {
    const baseline = activeHandles();
    const sockets: Socket[] = [];
    const timers: ReturnType<typeof setInterval>[] = [];
    // Headers at once, then one byte every 20 ms, for ever.
    server = await startFaultServer((request, response) => {
      sockets.push(request.socket);
      response.writeHead(200, { "content-type": "application/json" });
      response.on("error", () => {});
      timers.push(setInterval(() => response.destroyed || response.write(" "), 20));
    });
    const client = new Anthale({
      apiKey: "k",
      baseURL: server.url,
      timeout: 150,
      maxRetries: 0,
      logLevel: "off",
    });
    const error = await client.organizations.policies.enforce(policyId, params).catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(await eventually(() => closed(sockets).every(Boolean))).toBe(true);
    for (const timer of timers) clearInterval(timer);
    await server.close();
    server = undefined;
    expect(await handlesAbove(baseline)).toEqual({});
  });

  it("time out each call at its own deadline, in order, while other calls go on", async () => {
    // Requests whose text says "hang" never get an answer; the others are answered at once.
    // The server records each request, body included, before it calls the handler.
    server = await startFaultServer((_request, response) => {
      const body = server?.requests.at(-1)?.body ?? "";
      if (!body.includes("hang")) {
        response.writeHead(200, { "content-type": "application/json" }).end(resultBody());
      }
    });
    const client = new Anthale({
      apiKey: "k",
      baseURL: server.url,
      maxRetries: 0,
      logLevel: "off",
    });
    const ended: string[] = [];
    const call = (content: string, timeout: number) =>
      client.organizations.policies
        .enforce(
          policyId,
          { direction: "input", messages: [{ role: "user", content }] },
          { timeout },
        )
        .then(
          (result) => result.action,
          (error: Error) => {
            ended.push(content);
            return error.constructor.name;
          },
        );
    const outcomes = await Promise.all([
      call("hang long", 1_200),
      call("hang short", 150),
      ...Array.from({ length: 40 }, (_, index) => call(`fine ${index}`, 60_000)),
      call("hang middle", 600),
    ]);
    expect(outcomes.filter((outcome) => outcome === "allow")).toHaveLength(40);
    expect(outcomes.filter((outcome) => outcome === APIConnectionTimeoutError.name)).toHaveLength(
      3,
    );
    expect(ended).toEqual(["hang short", "hang middle", "hang long"]);
  });
});
