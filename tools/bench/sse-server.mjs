// A local model provider streaming a fixed chat completion as server-sent events, the way the
// OpenAI API does, run in its own process by the benchmark. `POST /<chunks>/v1/chat/completions`
// streams `<chunks>` chunks of a few characters each, written at once, then `[DONE]`.
import { createServer } from "node:http";

const words =
  "Lisbon is at its best in spring, when the hills are green and the light is soft. ".split(
    /(?<= )/,
  );

function chunkOf(index) {
  return `data: ${JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "bench-model",
    choices: [
      {
        index: 0,
        delta:
          index === 0
            ? { role: "assistant", content: "" }
            : { content: words[index % words.length] },
        finish_reason: null,
      },
    ],
  })}\n\n`;
}

/** The body of a stream of `count` chunks, built once per size. */
const bodies = new Map();
function streamBody(count) {
  if (!bodies.has(count)) {
    bodies.set(
      count,
      `${Array.from({ length: count }, (_, index) => chunkOf(index)).join("")}data: [DONE]\n\n`,
    );
  }
  return bodies.get(count);
}

/** Starts the server on a free loopback port; resolves to its base URL. */
export function startSseServer() {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const count = Number(request.url.split("/")[1]) || 1;
      response.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        "x-request-id": "req_bench",
      });
      response.end(streamBody(count));
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
  const { url } = await startSseServer();
  process.send?.({ url });
}
