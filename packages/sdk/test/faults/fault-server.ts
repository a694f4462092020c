// A small HTTP server on 127.0.0.1 that misbehaves on purpose. Each request is handed, with its
// attempt number, to the handler of the case under test; the server records what it saw.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** Decides what one request gets. `attempt` counts from 1. */
export type FaultHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  attempt: number,
) => void;

/** One request as the server received it. */
export interface SeenRequest {
  /** When it arrived, from `performance.now()`. */
  at: number;
  /** Its headers, lower-cased. */
  headers: IncomingMessage["headers"];
  /** Its body as text. */
  body: string;
}

/** A running fault server. */
export interface FaultServer {
  /** Base URL to point the client at. */
  readonly url: string;
  /** Every request received, in order; its length is the number of attempts the server saw. */
  readonly requests: SeenRequest[];
  /** TCP connections accepted so far. */
  readonly connections: () => number;
  /** The server's end of every TCP connection accepted, in order (closed ones included). */
  readonly sockets: readonly Socket[];
  /** Most TCP connections open at the same time. */
  readonly peakConnections: () => number;

  /** Closes every connection and the server. */
  close(): Promise<void>;
}

/** Starts a fault server on a random port of 127.0.0.1. */
export async function startFaultServer(handler: FaultHandler): Promise<FaultServer> {
  const requests: SeenRequest[] = [];
  const open = new Set<Socket>();
  const sockets: Socket[] = [];
  let accepted = 0;
  let peak = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({
        at: performance.now(),
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      handler(request, response, requests.length);
    });
  });
  server.on("connection", (socket: Socket) => {
    accepted++;
    sockets.push(socket);
    open.add(socket);
    peak = Math.max(peak, open.size);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => accepted,
    sockets,
    peakConnections: () => peak,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of open) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Several fault servers for one test file: `start` starts one and remembers it, `closeAll` (for
 * `afterEach`) closes every one started since.
 */
export function faultServers() {
  const servers: FaultServer[] = [];
  return {
    start: async (handler: FaultHandler): Promise<FaultServer> => {
      const server = await startFaultServer(handler);
      servers.push(server);
      return server;
    },
    closeAll: async (): Promise<void> => {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on, so connecting to it is refused. */
export async function refusedPortURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A valid enforcement result body. */
export function resultBody(action = "allow"): string {
  return JSON.stringify({ enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f", action });
}

/** Answers `status` with `body` and a content type. */
export function answer(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

/** Sends headers promising a longer body, a part of it, then resets the connection. */
export function resetMidBody(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "application/json", "content-length": 200 });
  response.write('{"enforcerIdentifier":"0f3c9a8e', () => {
    setTimeout(() => response.socket?.resetAndDestroy(), 20);
  });
}

/** Sends headers and a part of the body, then nothing more. */
export function stallBody(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "application/json", "content-length": 200 });
  response.write('{"enforcerIdentifier":"0f3c9a8e');
}

/** Gaps between consecutive requests, in milliseconds. */
export function gaps(requests: SeenRequest[]): number[] {
  return requests.slice(1).map((request, index) => request.at - (requests[index]?.at ?? 0));
}
