// The local server the `anthale eval` bench runs against, in a process of its own so that serving
// never shares an event loop with the bench's measuring code or with the command being measured.
// It answers every enforce request with `allow`; with a rate limit (`limit` per `windowMs`, fixed
// windows that start when the server does) it sends `RateLimit-*` headers and answers 429 with
// `Retry-After` beyond the limit. It counts, on its own side, the requests it accepted: in all,
// per window (per second without a rate limit), and when the first and the last one ended.
//
// Started with `fork` (see startBenchServer in eval-bench.mjs), it talks over IPC:
//   it sends  { type: "listening", port }          once it listens on 127.0.0.1;
//   it takes  { type: "reset" }                    forgets what it counted so far;
//   it takes  { type: "report" }                   and answers with its figures (see `figures`);
//   it takes  { type: "close" }                    and exits once the server is closed.
// The rate limit is its first argument, as JSON (`{"limit":100,"windowMs":1000}`), or absent.
import { createServer } from "node:http";

const rateLimit = process.argv[2] ? JSON.parse(process.argv[2]) : undefined;
/** Accepted requests are counted per window: the rate limit's, or each second when unlimited. */
const windowMs = rateLimit?.windowMs ?? 1000;
const body = JSON.stringify({
  enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f",
  action: "allow",
  evaluations: [
    { guardrailKey: "prompt-injection-protection", action: "allow", score: 0.01, threads: [] },
  ],
});

// Windows start when the server does, so the run meets them at whatever phase it starts in.
const started = performance.now();
/** What the server counted since it started (or since the last reset). */
let counts = emptyCounts();

function emptyCounts() {
  return {
    accepted: 0,
    firstAcceptedAt: undefined,
    lastAcceptedAt: undefined,
    refused: 0,
    /** Accepted requests per window number (see `windowMs`). */
    acceptedIn: new Map(),
    /** 429 answers per window number. */
    refusedIn: new Map(),
    /** The process's CPU time when counting started (to report what serving used since). */
    cpuAtStart: process.cpuUsage(),
  };
}

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const now = performance.now();
    const elapsed = now - started;
    const window = Math.floor(elapsed / windowMs);
    const used = counts.acceptedIn.get(window) ?? 0;
    const headers = { "content-type": "application/json" };
    if (rateLimit) {
      const reset = Math.ceil(((window + 1) * windowMs - elapsed) / 1000);
      headers["ratelimit-limit"] = String(rateLimit.limit);
      headers["ratelimit-reset"] = String(reset);
      headers["ratelimit-remaining"] = String(Math.max(0, rateLimit.limit - used - 1));
      if (used >= rateLimit.limit) {
        counts.refused++;
        counts.refusedIn.set(window, (counts.refusedIn.get(window) ?? 0) + 1);
        headers["retry-after"] = String(reset);
        response.writeHead(429, headers).end('{"error":{"title":"TooManyRequests"}}');
        return;
      }
    }
    counts.acceptedIn.set(window, used + 1);
    counts.accepted++;
    counts.firstAcceptedAt ??= now;
    counts.lastAcceptedAt = now;
    response.writeHead(200, headers).end(body);
  });
});

/** The counts in a form IPC can carry (window maps as [window, count] pairs, in window order). */
function figures() {
  const byWindow = (map) => [...map.entries()].sort(([a], [b]) => a - b);
  return {
    accepted: counts.accepted,
    firstAcceptedAt: counts.firstAcceptedAt,
    lastAcceptedAt: counts.lastAcceptedAt,
    refused: counts.refused,
    acceptedIn: byWindow(counts.acceptedIn),
    refusedIn: byWindow(counts.refusedIn),
    /** Milliseconds of CPU time (user and system) this process used since counting started. */
    cpuMs: cpuMsSince(counts.cpuAtStart),
  };
}

function cpuMsSince(start) {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

process.on("message", (message) => {
  if (message.type === "reset") {
    counts = emptyCounts();
    process.send({ type: "reset" });
  } else if (message.type === "report") {
    process.send({ type: "report", figures: figures() });
  } else if (message.type === "close") {
    server.close(() => process.disconnect());
    // Keep-alive connections left open by a client would hold `close` back.
    server.closeAllConnections();
  }
});
// The bench went away without saying so: do not outlive it.
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () => {
  process.send({ type: "listening", port: server.address().port });
});
