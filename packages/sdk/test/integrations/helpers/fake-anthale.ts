// A local Anthale that decides by content, over real HTTP, and records every request:
// "BLOCKME" blocks, "UNKNOWNACTION" answers an action this SDK does not know, "REDACT_NOSPAN"
// answers redact with no span to hide, "REDACT_ELSEWHERE" answers redact with a span that is not in
// the text, an email address is redacted, "politics" is detected, anything else is allowed.
// `failWith` makes it answer an error.
import { Anthale, type Message } from "../../../src/index.js";
import { readBody, startLocalServer } from "./local-server.js";

export const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";

export interface EnforceBody {
  direction: "input" | "output";
  messages: Message[];
  metadata?: Record<string, unknown>;
}

const emailPattern = /[\w.+-]+@[\w-]+\.[\w.]*\w/g;

/** The span "REDACT_ELSEWHERE" flags: in no text the tests send. */
export const unmatchedSpan = "ghost@nowhere.test";

function texts(message: Message): string[] {
  return typeof message.content === "string"
    ? [message.content]
    : message.content.map((block) => block.text);
}

/** The decision the fake makes for a request body. */
export function decide(body: EnforceBody): Record<string, unknown> {
  const all = body.messages.flatMap(texts).join("\n");
  const base = { enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f" };
  if (all.includes("BLOCKME")) {
    return {
      ...base,
      action: "block",
      evaluations: [{ guardrailKey: "prompt-injection-protection", action: "block", score: 0.99 }],
    };
  }
  if (all.includes("UNKNOWNACTION")) return { ...base, action: "quarantine", evaluations: [] };
  if (all.includes("REDACT_NOSPAN")) {
    return {
      ...base,
      action: "redact",
      evaluations: [{ guardrailKey: "content-moderation", action: "redact", score: 0.9 }],
    };
  }
  if (all.includes("REDACT_ELSEWHERE")) {
    const thread = { category: "email", score: 0.9, messageIdentifier: 0, contentIdentifier: 0 };
    return {
      ...base,
      action: "redact",
      evaluations: [
        {
          guardrailKey: "data-leakage-prevention",
          action: "redact",
          score: 0.9,
          threads: [{ ...thread, span: unmatchedSpan }],
        },
      ],
    };
  }
  const threads = body.messages.flatMap((message, messageIdentifier) =>
    texts(message).flatMap((text, contentIdentifier) =>
      [...text.matchAll(emailPattern)].map((match) => ({
        category: "email",
        score: 0.97,
        span: match[0],
        messageIdentifier,
        contentIdentifier,
      })),
    ),
  );
  if (threads.length > 0) {
    return {
      ...base,
      action: "redact",
      evaluations: [
        { guardrailKey: "data-leakage-prevention", action: "redact", score: 0.97, threads },
      ],
    };
  }
  if (/politics/i.test(all)) {
    return {
      ...base,
      action: "detect",
      evaluations: [{ guardrailKey: "topic-control", action: "detect", score: 0.9, threads: [] }],
    };
  }
  return { ...base, action: "allow", evaluations: [] };
}

export interface FakeAnthale {
  /** Base URL of the server. */
  url: string;
  /** Every request body received, in order. */
  requests: EnforceBody[];
  /** A client pointed at the server, never retrying. */
  client: Anthale;
  /** When set, every request is answered with this status and an error body. */
  failWith: number | undefined;
  /** Forgets the recorded requests and the failure. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeAnthale(): Promise<FakeAnthale> {
  const requests: EnforceBody[] = [];
  const fake = { failWith: undefined as number | undefined };
  const server = await startLocalServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as EnforceBody;
    requests.push(body);
    response.setHeader("content-type", "application/json");
    if (fake.failWith !== undefined) {
      response.statusCode = fake.failWith;
      response.end(
        JSON.stringify({
          error: { title: "Down", machineCode: "Down", message: "Anthale is down" },
        }),
      );
      return;
    }
    response.end(JSON.stringify(decide(body)));
  });
  const { url, close } = server;
  return Object.assign(fake, {
    url,
    requests,
    client: new Anthale({ apiKey: "test-key", baseURL: url, maxRetries: 0, logLevel: "off" }),
    reset() {
      requests.length = 0;
      fake.failWith = undefined;
    },
    close,
  });
}

/** Every text of the requests' messages, joined: what Anthale was shown. */
export function shownText(requests: readonly EnforceBody[]): string {
  return requests.flatMap((request) => request.messages.flatMap(texts)).join("\n");
}

/** The distinct `call-N` markers a request showed Anthale: one when concurrent calls stay apart. */
export function callMarkers(request: EnforceBody): Set<string> {
  return new Set(shownText([request]).match(/call-\d+/g));
}

/** A client whose `fetch` answers in-process: `answer` gets each request's body. */
export function answeringClient(answer: (body: EnforceBody) => unknown): Anthale {
  return new Anthale({
    apiKey: "test-key",
    baseURL: "http://127.0.0.1:9",
    maxRetries: 0,
    logLevel: "off",
    fetch: async (url: string, init: RequestInit) => {
      const body = (await new Request(url, init).json()) as EnforceBody;
      return Response.json(answer(body));
    },
  });
}

/** The same decisions without a server: a client whose `fetch` answers in-process. */
export function inProcessAnthale(): { client: Anthale; requests: EnforceBody[] } {
  const requests: EnforceBody[] = [];
  const client = answeringClient((body) => {
    requests.push(body);
    return decide(body);
  });
  return { client, requests };
}

/** What a recording fetch saw: the request body and Prism's response. */
export interface Exchange {
  body: unknown;
  response: Response;
}

/** A fetch that forwards to the network and keeps every exchange. */
export function recordingFetch() {
  const exchanges: Exchange[] = [];
  const record = async (input: string | Request, init?: RequestInit): Promise<Response> => {
    const request = typeof input === "string" ? new Request(input, init) : input;
    const body = await request.clone().json();
    const response = await fetch(request);
    exchanges.push({ body, response });
    return response;
  };
  return { fetch: record, exchanges };
}

/** The contract violations Prism listed for an exchange. */
export function violationsOf(exchange: Exchange): unknown[] {
  const header = exchange.response.headers.get("sl-violations");
  return header ? (JSON.parse(header) as unknown[]) : [];
}
