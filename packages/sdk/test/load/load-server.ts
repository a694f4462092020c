// A lean local server for the load test: answers every enforce request with an `allow` result and
// counts requests and TCP connections, keeping nothing else (so it does not weigh on the heap).
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";

const body = JSON.stringify({
  enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f",
  action: "allow",
  evaluations: [{ guardrailKey: "prompt-injection-protection", action: "allow", score: 0.01 }],
});

/** Starts the server on a random port of 127.0.0.1. */
export async function startLoadServer() {
  const counts = { requests: 0, connections: 0, open: 0, peakOpen: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    counts.requests++;
    request.resume();
    request.on("end", () => {
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      response.end(body);
    });
  });
  server.on("connection", (socket: Socket) => {
    counts.connections++;
    counts.open++;
    counts.peakOpen = Math.max(counts.peakOpen, counts.open);
    sockets.add(socket);
    socket.on("close", () => {
      counts.open--;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    /** Starts counting peak open connections afresh. */
    resetPeak: () => {
      counts.peakOpen = counts.open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
