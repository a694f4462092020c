import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  AnthaleError,
  AnthalePolicyViolationError,
  AnthaleValidationError,
  type Message,
  type PolicyEnforcer,
  type PolicyEnforcerResult,
} from "@anthale/sdk";

/** The application's model: turns a conversation into an answer. */
type Model = (messages: Message[]) => Promise<string>;

/** Options of {@link createChatServer}. */
export interface ChatServerOptions {
  /** The enforcer checking input and output. */
  enforcer: PolicyEnforcer;
  /** The model behind the endpoint. */
  model: Model;
  /**
   * On the mock server only: forward the request's `X-Mock-Example` header as `Prefer: example=…`
   * so the mock answers the input check with that example, and its `X-Mock-Output-Example` header
   * (default `allow`) for the output check.
   */
  forwardMockExample?: boolean;
}

const maxBodyBytes = 1024 * 1024;

/**
 * The conversation to go on with after a check: on `redact`, the redacted one. `PolicyEnforcer`
 * returns it complete or throws, so it is never missing here; if it were, stop rather than fall
 * back to the original messages.
 */
function safeMessages(result: PolicyEnforcerResult, messages: Message[]): Message[] {
  if (result.action !== "redact") return messages;
  if (!result.redactedMessages) throw new Error("a redact result without redacted messages");
  return result.redactedMessages;
}

/** The request options asking the mock for the example named by header `name`, if any. */
function mockExample(request: IncomingMessage, name: string, fallback?: string) {
  const example = request.headers[name] ?? fallback;
  return typeof example === "string" ? { headers: { Prefer: `example=${example}` } } : {};
}

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
 * `{ "answer", "input": action, "output": action }`. A stopped input or output (blocked, or a
 * redaction that could not be applied) is a 403 saying why, and the model never sees a stopped
 * input.
 */
export function createChatServer(options: ChatServerOptions): Server {
  const { enforcer, model } = options;
  return createServer(async (request, response) => {
    if (request.method !== "POST" || request.url !== "/chat") {
      send(response, 404, { error: "POST /chat only" });
      return;
    }
    const mock = options.forwardMockExample;
    const inputOptions = mock ? mockExample(request, "x-mock-example") : {};
    const outputOptions = mock ? mockExample(request, "x-mock-output-example", "allow") : {};
    try {
      const body = (await readJson(request)) as { messages?: Message[] };
      const messages = body?.messages as Message[];
      const input = await enforcer.enforce({ direction: "input", messages }, inputOptions);
      const conversation = safeMessages(input, messages);
      const answer = await model(conversation);
      const checked: Message[] = [...conversation, { role: "assistant", content: answer }];
      const output = await enforcer.enforce(
        { direction: "output", messages: checked },
        outputOptions,
      );
      const safeAnswer = safeMessages(output, checked).at(-1)?.content;
      send(response, 200, { answer: safeAnswer, input: input.action, output: output.action });
    } catch (error) {
      if (error instanceof SyntaxError) send(response, 400, { error: "the body must be JSON" });
      else if (error instanceof AnthaleValidationError)
        send(response, 400, { error: error.message });
      else if (error instanceof AnthalePolicyViolationError) {
        send(response, 403, {
          error:
            error.reason === "incomplete-redaction"
              ? "the redaction could not be applied"
              : "blocked by policy",
          reason: error.reason,
          direction: error.direction,
          requestId: error.result.requestId,
        });
      } else if (error instanceof AnthaleError)
        send(response, 502, { error: "guardrail check unavailable" });
      else send(response, 500, { error: "internal error" });
    }
  });
}
