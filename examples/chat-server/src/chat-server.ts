import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  AnthaleError,
  AnthalePolicyViolationError,
  AnthaleValidationError,
  type Message,
  type PolicyEnforcer,
} from "@anthale/sdk";

/** The application's model: turns a conversation into an answer. */
export type Model = (messages: Message[]) => Promise<string>;

/** Options of {@link createChatServer}. */
export interface ChatServerOptions {
  /** The enforcer checking input and output. */
  enforcer: PolicyEnforcer;
  /** The model behind the endpoint. */
  model: Model;
  /**
   * On the mock server only: forward the request's `X-Mock-Example` header as `Prefer: example=…`
   * so the mock answers with that example.
   */
  forwardMockExample?: boolean;
}

const maxBodyBytes = 1024 * 1024;

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new SyntaxError("body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/**
 * `POST /chat` with `{ "messages": [...] }`: checks the input with Anthale, calls the model with
 * the (possibly redacted) conversation, checks the answer, and responds with
 * `{ "answer", "input": action, "output": action }`. A blocked input or output is a 403 and the
 * model never sees a blocked input.
 */
export function createChatServer(options: ChatServerOptions): Server {
  const { enforcer, model } = options;
  return createServer(async (request, response) => {
    if (request.method !== "POST" || request.url !== "/chat") {
      send(response, 404, { error: "POST /chat only" });
      return;
    }
    const example = options.forwardMockExample ? request.headers["x-mock-example"] : undefined;
    const requestOptions =
      typeof example === "string" ? { headers: { Prefer: `example=${example}` } } : {};
    try {
      const body = (await readJson(request)) as { messages?: Message[] };
      const messages = body?.messages as Message[];
      const input = await enforcer.enforce({ direction: "input", messages }, requestOptions);
      const conversation = input.redactedMessages ?? messages;
      const answer = await model(conversation);
      const output = await enforcer.enforce(
        {
          direction: "output",
          messages: [...conversation, { role: "assistant", content: answer }],
        },
        requestOptions,
      );
      const safeAnswer = output.redactedMessages?.at(-1)?.content ?? answer;
      send(response, 200, { answer: safeAnswer, input: input.action, output: output.action });
    } catch (error) {
      if (error instanceof SyntaxError) send(response, 400, { error: "the body must be JSON" });
      else if (error instanceof AnthaleValidationError)
        send(response, 400, { error: error.message });
      else if (error instanceof AnthalePolicyViolationError) {
        send(response, 403, {
          error: "blocked by policy",
          direction: error.direction,
          requestId: error.result.requestId,
        });
      } else if (error instanceof AnthaleError)
        send(response, 502, { error: "guardrail check unavailable" });
      else send(response, 500, { error: "internal error" });
    }
  });
}
