// A local stand-in for the model: an HTTP server on a free loopback port that speaks the OpenAI
// chat-completions format, answering every request with a fixed reply, streamed as server-sent
// events one word at a time (or whole, when the request does not ask for a stream).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The running stand-in. */
export interface ModelStandIn {
  /** Base URL to give the OpenAI client, such as `http://127.0.0.1:41234/v1`. */
  baseURL: string;
  /** How many chat completions it was asked for. */
  readonly requests: number;
  /** Drops every open connection, then stops the server. */
  stop(): Promise<void>;
}

/** What the stand-in answers, whatever it is asked. */
export const reply =
  "Lisbon is at its best in spring and early autumn: mild days, fewer crowds, and long light evenings.";

/** Milliseconds between two streamed words, so the stream can be seen arriving. */
const wordGapMs = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** One `chat.completion.chunk` event carrying `delta`. */
function chunkEvent(delta: Record<string, unknown>, finishReason: string | null = null): string {
  const chunk = {
    id: "chatcmpl-stand-in",
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: "stand-in",
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

async function streamReply(response: ServerResponse): Promise<void> {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  response.write(chunkEvent({ role: "assistant", content: "" }));
  for (const word of reply.split(/(?<= )/)) {
    if (response.destroyed) return;
    response.write(chunkEvent({ content: word }));
    await sleep(wordGapMs);
  }
  response.write(chunkEvent({}, "stop"));
  response.end("data: [DONE]\n\n");
}

function wholeReply(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(
    JSON.stringify({
      id: "chatcmpl-stand-in",
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: "stand-in",
      choices: [
        {
          index: 0,
          finish_reason: "stop",
          message: { role: "assistant", content: reply, refusal: null },
        },
      ],
    }),
  );
}

/** Starts the stand-in on 127.0.0.1 with a free port. */
export async function startModelStandIn(): Promise<ModelStandIn> {
  let requests = 0;
  const server = createServer(async (request, response) => {
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ error: { message: "Only POST /v1/chat/completions is here" } }),
      );
      return;
    }
    requests++;
    const body = await readJson(request);
    if (body.stream === true) await streamReply(response);
    else wholeReply(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
