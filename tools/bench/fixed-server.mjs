// A local enforcement server answering fixed results with the contract's headers, run in its own
// process by the benchmark (so it does not compete with the client for the event loop).
// Policy ...0001 answers `allow` without evaluations; policy ...0002 answers `redact` with a
// data-leakage evaluation, so the SDK computes `redactedMessages`.
import { createServer } from "node:http";

/** The policy answering `allow`. */
export const allowPolicy = "00000000-0000-4000-8000-000000000001";
/** The policy answering `redact` with evaluations. */
export const redactPolicy = "00000000-0000-4000-8000-000000000002";

const allow = JSON.stringify({
  enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f",
  action: "allow",
});
const redact = JSON.stringify({
  enforcerIdentifier: "6a4d2f8c-1b9e-4c7a-a3f5-8e2d0b6c4a19",
  action: "redact",
  evaluations: [
    { guardrailKey: "prompt-injection-protection", action: "allow", score: 0.01, threads: [] },
    {
      guardrailKey: "data-leakage-prevention",
      action: "redact",
      score: 0.97,
      threads: [
        {
          category: "email",
          score: 0.97,
          span: "jane.doe@example.com",
          messageIdentifier: 1,
          contentIdentifier: 0,
        },
      ],
    },
  ],
});

/** Starts the server on a free loopback port; resolves to its base URL. */
export function startFixedServer() {
  const server = createServer((request, response) => {
    let size = 0;
    request.on("data", (chunk) => {
      size += chunk.length;
    });
    request.on("end", () => {
      const body = request.url.includes(redactPolicy) ? redact : allow;
      response.writeHead(size > 0 ? 200 : 422, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        "request-id": "3f6c2a1e-8b4d-4f7a-9c2e-5d1b7a0e4c38",
        "ratelimit-limit": "1000",
        "ratelimit-remaining": "998",
        "ratelimit-reset": "30",
      });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, server }),
    );
  });
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const { url } = await startFixedServer();
  process.send?.({ url });
}
