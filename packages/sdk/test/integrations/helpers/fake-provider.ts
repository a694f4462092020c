// A local model provider over real HTTP: it records every request and answers with what the test's
// handler returns, as JSON or as server-sent events (one event at a time, optionally spaced out),
// and notes when a client hung up before a stream was over.
import type { ServerResponse } from "node:http";
import { readBody, startLocalServer } from "./local-server.js";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  /** The body as received. */
  raw: string;
}

export interface ServerEvent {
  /** The SSE `event:` field, when the format uses one. */
  event?: string;
  /** The `data:` payload (serialized as JSON unless a string). */
  data: unknown;
}

export type Reply =
  | { json: unknown; status?: number }
  | { events: ServerEvent[]; delayMs?: number; hangOpen?: boolean };

/** Decides how the fake provider answers one request. */
export type ProviderHandler = (request: ReceivedRequest) => Reply | Promise<Reply>;

export interface FakeProvider {
  url: string;
  requests: ReceivedRequest[];
  /** Streams whose client disconnected before the last event was written. */
  cancelledStreams: number;
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writeEvents(
  response: ServerResponse,
  reply: { events: ServerEvent[]; delayMs?: number; hangOpen?: boolean },
): Promise<boolean> {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const { event, data } of reply.events) {
    if (response.destroyed || response.writableEnded) return false;
    const payload = typeof data === "string" ? data : JSON.stringify(data);
    response.write(`${event ? `event: ${event}\n` : ""}data: ${payload}\n\n`);
    if (reply.delayMs) await sleep(reply.delayMs);
  }
  if (reply.hangOpen) {
    while (!response.destroyed) await sleep(5);
    return false;
  }
  response.end();
  return true;
}

/** Starts a provider on 127.0.0.1 with a random port. */
export async function startFakeProvider(handle: ProviderHandler): Promise<FakeProvider> {
  const requests: ReceivedRequest[] = [];
  const state = { cancelledStreams: 0 };
  const server = await startLocalServer(async (request, response) => {
    const raw = await readBody(request);
    const received: ReceivedRequest = {
      method: request.method ?? "GET",
      path: request.url ?? "/",
      headers: request.headers,
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      raw,
    };
    requests.push(received);
    const reply = await handle(received);
    if ("json" in reply) {
      response.writeHead(reply.status ?? 200, { "content-type": "application/json" });
      response.end(JSON.stringify(reply.json));
      return;
    }
    const completed = await writeEvents(response, reply);
    if (!completed) state.cancelledStreams++;
  });
  return Object.assign(state, {
    url: server.url,
    requests,
    reset() {
      requests.length = 0;
      state.cancelledStreams = 0;
    },
    close: server.close,
  });
}

/** Splits `text` into pieces of `size` characters (the last may be shorter). */
export function piecesOf(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}
