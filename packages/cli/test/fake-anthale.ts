// A local stand-in for the Anthale API, for end-to-end tests of the `anthale` binary: a real HTTP
// server on a free loopback port whose decision is scripted by the text of the last message, with
// an optional fixed-window rate limit (RateLimit-* headers, 429 with Retry-After beyond it), a
// storm of 429s, slow answers and failures. It records every request, so tests can count them.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake received. */
export interface ReceivedRequest {
  /** Milliseconds since the fake started. */
  at: number;
  /** The text of the last message (how tests tell cases apart). */
  text: string;
  direction: string;
  metadata: unknown;
  status: number;
  /** The names of the request's headers. */
  headerNames: string[];
}

/** How the fake behaves. */
export interface FakeOptions {
  /** The API key it accepts (any other gets 401, with the key it was sent echoed in the body). */
  apiKey: string;
  /** A fixed-window rate limit: this many requests per window. */
  rateLimit?: { limit: number; windowMs: number };
  /** Answer the first `storm` requests with 429 and `Retry-After: 1`. */
  storm?: number;
  /** Milliseconds to wait before each answer. */
  delayMs?: number;
  /** Replaces the scripted decision for some texts: the text to decide as instead. */
  rewrite?: (text: string) => string;
}

/**
 * The decision for a text: `block` when it holds BLOCK, `detect` for DETECT, `redact` of the word
 * after REDACT (for example `REDACT jane@example.com`), a 500 for FAIL500, `allow` otherwise.
 */
function decide(text: string): { status: number; body: unknown } {
  const evaluation = (
    guardrailKey: string,
    action: string,
    score: number,
    threads: unknown[] = [],
  ) => ({
    guardrailKey,
    action,
    score,
    threads,
  });
  if (text.includes("FAIL500")) {
    return {
      status: 500,
      body: { error: { title: "Internal Server Error", message: "scripted failure" } },
    };
  }
  let action = "allow";
  const evaluations = [
    evaluation("prompt-injection-protection", "allow", 0.02),
    evaluation("content-moderation", "allow", 0.01),
  ];
  if (text.includes("BLOCK")) {
    action = "block";
    evaluations[0] = evaluation("prompt-injection-protection", "block", 0.98, [
      { score: 0.98, messageIdentifier: 0, contentIdentifier: 0 },
    ]);
  } else if (text.includes("DETECT")) {
    action = "detect";
    evaluations.push(
      evaluation("topic-control", "detect", 0.87, [
        { topic: "Politics", score: 0.87, messageIdentifier: 0, contentIdentifier: 0 },
      ]),
    );
  } else if (text.includes("REDACT ")) {
    action = "redact";
    const span = text.split("REDACT ")[1]?.split(/\s/)[0] ?? "";
    evaluations.push(
      evaluation("data-leakage-prevention", "redact", 0.97, [
        { category: "email", score: 0.97, span, messageIdentifier: 0, contentIdentifier: 0 },
      ]),
    );
  }
  return { status: 200, body: { enforcerIdentifier: randomUUID(), action, evaluations } };
}

/** A running fake. */
export interface FakeAnthale {
  url: string;
  requests: ReceivedRequest[];
  /** How many requests carried each text. */
  countByText(): Map<string, number>;
  close(): Promise<void>;
}

/** Starts a fake on a free loopback port. */
export async function startFakeAnthale(options: FakeOptions): Promise<FakeAnthale> {
  const started = performance.now();
  const requests: ReceivedRequest[] = [];
  const windows = new Map<number, number>();
  let seen = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const now = performance.now() - started;
    let payload: { messages?: { content?: unknown }[]; direction?: string; metadata?: unknown } =
      {};
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      // counted below as an empty text
    }
    const last = payload.messages?.at(-1)?.content;
    const text = typeof last === "string" ? last : JSON.stringify(last ?? "");
    const record: ReceivedRequest = {
      at: now,
      text,
      direction: String(payload.direction),
      metadata: payload.metadata,
      status: 0,
      headerNames: Object.keys(request.headers),
    };
    requests.push(record);
    seen++;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "request-id": randomUUID(),
    };
    const send = async (status: number, body: unknown) => {
      record.status = status;
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      response.writeHead(status, headers).end(JSON.stringify(body));
    };

    const auth = request.headers.authorization ?? "";
    if (auth !== `Bearer ${options.apiKey}`) {
      const sent = auth.replace(/^Bearer /, "");
      return send(401, {
        error: { title: "Unauthorized", message: `The key ${sent} is not valid (Bearer ${sent}).` },
      });
    }
    if (!request.url?.match(/^\/organizations\/policies\/[^/]+\/enforce$/)) {
      return send(404, { error: { title: "Not Found", message: "no such route" } });
    }
    if (options.storm !== undefined && seen <= options.storm) {
      headers["retry-after"] = "1";
      return send(429, { error: { title: "TooManyRequests", message: "storm" } });
    }
    if (options.rateLimit) {
      const { limit, windowMs } = options.rateLimit;
      const window = Math.floor(now / windowMs);
      const used = windows.get(window) ?? 0;
      const reset = Math.ceil(((window + 1) * windowMs - now) / 1000);
      headers["ratelimit-limit"] = String(limit);
      headers["ratelimit-reset"] = String(reset);
      if (used >= limit) {
        headers["ratelimit-remaining"] = "0";
        headers["retry-after"] = String(reset);
        return send(429, { error: { title: "TooManyRequests", message: "Rate limit exceeded." } });
      }
      windows.set(window, used + 1);
      headers["ratelimit-remaining"] = String(limit - used - 1);
    }
    const { status, body } = decide(options.rewrite ? options.rewrite(text) : text);
    if (status === 500) {
      // A failure that quotes the request's credentials, as a careless proxy might.
      return send(500, {
        error: { title: "Internal Server Error", message: `failed for ${auth}` },
      });
    }
    return send(status, body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    countByText() {
      const counts = new Map<string, number>();
      for (const { text } of requests) counts.set(text, (counts.get(text) ?? 0) + 1);
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
