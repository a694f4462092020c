// A local fake Anthale for the edge-runtime checks: a real HTTP server on a free loopback port
// that answers through the SDK's testing kit (`@anthale/sdk/testing`), so every answer is
// contract-valid. What it decides is scripted by the request's text:
// - "hang": never answers (until the client gives up), for the timeout and abort checks;
// - "please block" (input) or "forbidden" (output): `block`;
// - "please detect": `detect` by the content moderation guardrail;
// - "555-0100" anywhere: `redact` of that phone number;
// - anything else: `allow`.
// Two answers no API should give, for the transport limits, come before the kit:
// - "redirect me": a 307 to another address;
// - "flood me": a 200 whose body never ends (until the client hangs up, or 256 MiB), far over the
//   SDK's 10 MiB limit for an answer; each flood is recorded with how much was written and whether
//   the client closed the connection.
import { createServer } from "node:http";
import {
  allow,
  block,
  createTestAnthale,
  detect,
  hang,
  redact,
  testPolicyId,
} from "@anthale/sdk/testing";

/** The scripted decision for one recorded request. */
function decide(request) {
  const { text, direction } = request;
  if (text.includes("hang")) return hang();
  if ((direction === "input" && text.includes("please block")) || text.includes("forbidden")) {
    return block({ guardrail: "prompt-injection-protection" });
  }
  if (text.includes("please detect")) return detect({ guardrail: "content-moderation" });
  if (text.includes("555-0100")) return redact({ span: "555-0100", category: "phone" });
  return allow();
}

/** Most bytes a flood writes before it gives up waiting for the client to hang up: 256 MiB. */
const floodCapBytes = 256 * 1024 * 1024;

/** Resolves when `outgoing` can take more, or is closed (its listeners removed either way). */
function drainedOrClosed(outgoing) {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off("drain", done);
      outgoing.off("close", done);
      resolve();
    };
    outgoing.on("drain", done);
    outgoing.on("close", done);
  });
}

/**
 * Answers 200 with a body that goes on, 1 MiB at a time, until the client closes the connection
 * (or {@link floodCapBytes} is written), keeping count in `record` (`written`, `closedByClient`,
 * and `ended` once it stops).
 */
async function flood(outgoing, record) {
  let closed = false;
  outgoing.once("close", () => {
    closed = true;
  });
  outgoing.writeHead(200, { "content-type": "application/json" });
  outgoing.write('{"action":"allow","padding":"');
  const megabyte = "x".repeat(1024 * 1024);
  while (!closed && record.written < floodCapBytes) {
    record.written += megabyte.length;
    if (!outgoing.write(megabyte)) await drainedOrClosed(outgoing);
  }
  record.closedByClient = closed;
  if (!closed) outgoing.end('"}');
  record.ended = true;
}

/**
 * Answers a request whose body asks for a hostile answer ("redirect me", "flood me"); returns
 * whether it did. A flood is recorded in `floods` as it starts, and runs on in `running`.
 */
function answeredHostile(body, outgoing, floods, running) {
  const text = body.toString("utf8");
  if (text.includes("redirect me")) {
    outgoing.writeHead(307, { location: "http://127.0.0.1:9/elsewhere" }).end();
    return true;
  }
  if (text.includes("flood me")) {
    const record = { written: 0, closedByClient: false, ended: false };
    floods.push(record);
    const work = flood(outgoing, record).finally(() => running.delete(work));
    running.add(work);
    return true;
  }
  return false;
}

/** Reads a Node.js request's body. */
async function bodyOf(incoming) {
  const chunks = [];
  for await (const chunk of incoming) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A Node.js request, with its `body` read, as a web `Request` aborted when the client goes away. */
function webRequestOf(incoming, body, origin, signal) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  return new Request(new URL(incoming.url, origin), {
    method: incoming.method,
    headers,
    body: hasBody ? body : undefined,
    signal,
  });
}

/**
 * Starts the fake on a free loopback port. Resolves to
 * `{ url, apiKey, policyId, requests, floods, floodsEnded, stop }`: `requests` lists the requests the kit
 * answered (direction and text), in order, and `floods` the floods.
 */
export async function startFakeAnthale() {
  const anthale = createTestAnthale({ decide });
  const floods = [];
  const running = new Set();
  const server = createServer(async (incoming, outgoing) => {
    const gone = new AbortController();
    outgoing.on("close", () => gone.abort());
    try {
      const body = await bodyOf(incoming);
      if (answeredHostile(body, outgoing, floods, running)) return;
      const request = webRequestOf(incoming, body, url, gone.signal);
      const response = await anthale.fetch(request);
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      // The client went away (a timeout or an abort on its side), or the kit refused the
      // connection on purpose: close without an answer.
      outgoing.destroy();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    apiKey: anthale.apiKey,
    policyId: testPolicyId,
    get requests() {
      return anthale.requests.map(({ direction, text }) => ({ direction, text }));
    },
    /** Every flood answered, in order: `{ written, closedByClient, ended }`. */
    floods,
    /**
     * Resolves once every flood under way has ended (the client hung up, or the cap was
     * reached), or after `ms` milliseconds, whichever comes first.
     */
    floodsEnded(ms) {
      let timer;
      const late = new Promise((resolve) => {
        timer = setTimeout(resolve, ms);
      });
      return Promise.race([Promise.all(running), late]).finally(() => clearTimeout(timer));
    },
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
