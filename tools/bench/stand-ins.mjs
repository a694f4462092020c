// Local stand-ins for the guarded-call latency bench, run in their own process: a model that
// answers like the OpenAI chat completions API after a set time, streamed or whole, and an Anthale
// that answers `allow` after a set delay. What they take is set by the environment (see
// `standInSettings`):
// - `BENCH_MODEL_FIRST_TOKEN_MS` (T, default 300): time from the request to the model's first chunk;
// - `BENCH_MODEL_CHUNKS` (default 40) chunks of `BENCH_MODEL_CHUNK_CHARS` (default 10) characters,
//   `BENCH_MODEL_CHUNK_GAP_MS` (default 20) apart; a whole answer comes when the last chunk would;
// - `BENCH_ANTHALE_DELAY_MS` (A, default 80): time from a request to Anthale's answer.
// `POST /model/v1/chat/completions` is the model; every other request is Anthale.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

/** What the stand-ins take when the environment does not say. */
export const defaultStandIns = {
  firstTokenMs: 300,
  chunks: 40,
  chunkChars: 10,
  chunkGapMs: 20,
  anthaleDelayMs: 80,
};

const variables = {
  firstTokenMs: "BENCH_MODEL_FIRST_TOKEN_MS",
  chunks: "BENCH_MODEL_CHUNKS",
  chunkChars: "BENCH_MODEL_CHUNK_CHARS",
  chunkGapMs: "BENCH_MODEL_CHUNK_GAP_MS",
  anthaleDelayMs: "BENCH_ANTHALE_DELAY_MS",
};

/**
 * The stand-ins' timing from `env` (see the header), each a whole number of at least 0 (1 for the
 * chunks and their size); a wrong value throws naming its variable.
 */
export function standInSettings(env = process.env) {
  const settings = {};
  for (const [key, name] of Object.entries(variables)) {
    const raw = env[name];
    const value = raw === undefined || raw === "" ? defaultStandIns[key] : Number(raw);
    const least = key === "chunks" || key === "chunkChars" ? 1 : 0;
    if (!Number.isSafeInteger(value) || value < least) {
      throw new Error(`${name} must be a whole number of at least ${least}, not ${raw}`);
    }
    settings[key] = value;
  }
  return settings;
}

/** When the model's last chunk leaves, after the request: T plus the gaps between the chunks. */
export function modelTimeMs({ firstTokenMs, chunks, chunkGapMs }) {
  return firstTokenMs + (chunks - 1) * chunkGapMs;
}

/** The model's answer, cut into its chunks: words and spaces, `chunkChars` characters each. */
export function answerChunks({ chunks, chunkChars }) {
  const words = "Lisbon is at its best in spring, when the hills are green and the light is soft. ";
  const text = words
    .repeat(Math.ceil((chunks * chunkChars) / words.length))
    .slice(0, chunks * chunkChars);
  return Array.from({ length: chunks }, (_, index) =>
    text.slice(index * chunkChars, (index + 1) * chunkChars),
  );
}

const completion = { id: "chatcmpl-bench", created: 1_700_000_000, model: "bench-model" };

const event = (choice) =>
  `data: ${JSON.stringify({ ...completion, object: "chat.completion.chunk", choices: [{ index: 0, finish_reason: null, ...choice }] })}\n\n`;

/** Calls `write` at `delays` ms after `started`, each from the clock, so the waits do not add up. */
function schedule(started, delays, write) {
  delays.forEach((delay, index) => {
    setTimeout(() => write(index), Math.max(0, started + delay - performance.now()));
  });
}

function answerModel(request, response, settings, started) {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (part) => {
    body += part;
  });
  request.on("end", () => {
    const streamed = JSON.parse(body || "{}").stream === true;
    const chunks = answerChunks(settings);
    if (!streamed) {
      setTimeout(
        () => {
          const answer = JSON.stringify({
            ...completion,
            object: "chat.completion",
            choices: [
              {
                index: 0,
                finish_reason: "stop",
                message: { role: "assistant", content: chunks.join("") },
              },
            ],
          });
          response.writeHead(200, { "content-type": "application/json" });
          response.end(answer);
        },
        Math.max(0, started + modelTimeMs(settings) - performance.now()),
      );
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.flushHeaders();
    const delays = chunks.map((_, index) => settings.firstTokenMs + index * settings.chunkGapMs);
    schedule(started, delays, (index) => {
      if (response.destroyed) return;
      const role = index === 0 ? event({ delta: { role: "assistant", content: "" } }) : "";
      response.write(`${role}${event({ delta: { content: chunks[index] } })}`);
      if (index === chunks.length - 1) {
        response.end(`${event({ delta: {}, finish_reason: "stop" })}data: [DONE]\n\n`);
      }
    });
  });
}

const allow = JSON.stringify({
  enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f",
  action: "allow",
});

function answerAnthale(request, response, settings, started) {
  request.resume();
  request.on("end", () => {
    setTimeout(
      () => {
        response.writeHead(200, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(allow),
          "request-id": "3f6c2a1e-8b4d-4f7a-9c2e-5d1b7a0e4c38",
        });
        response.end(allow);
      },
      Math.max(0, started + settings.anthaleDelayMs - performance.now()),
    );
  });
}

/** Starts both stand-ins on one free loopback port; resolves to its base URL. */
export function startStandIns(settings = standInSettings()) {
  const server = createServer((request, response) => {
    const started = performance.now();
    if (request.url.startsWith("/model/")) answerModel(request, response, settings, started);
    else answerAnthale(request, response, settings, started);
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, server }),
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startStandIns();
  process.send?.({ url });
}
