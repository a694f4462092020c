// A local Anthale for the conformance suite, over real HTTP on loopback: it decides as the shared
// fake does (see `decide` in ../helpers/fake-anthale.ts), records every request in order, can hold
// the answers of one direction until released (so a test can act while a check is pending), and
// counts the requests whose client hung up before their answer was written. `failWith` makes it
// answer an error status instead.
import { Anthale, type Direction } from "../../../src/index.js";
import { decide, type EnforceBody } from "../helpers/fake-anthale.js";
import { readBody, startLocalServer } from "../helpers/local-server.js";

/** The running stand-in. */
export interface AnthaleStandIn {
  /** Base URL of the server. */
  readonly url: string;
  /** Every request body received, in order of arrival. */
  readonly requests: EnforceBody[];
  /** A client pointed at the stand-in, never retrying and never logging. */
  readonly client: Anthale;
  /** How many requests are being held right now (see {@link AnthaleStandIn.hold}). */
  readonly held: number;
  /** How many requests lost their client before their answer was written. */
  readonly hungUp: number;
  /** When set, every request is answered with this status and an error body. */
  failWith: number | undefined;
  /** From now on, answers the requests of `direction` only on {@link AnthaleStandIn.release}. */
  hold(direction: Direction): void;
  /** Answers every held request and stops holding. */
  release(): void;
  /** Forgets the requests, the counts and the failure, and releases what is held. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 with a free port. */
export async function startAnthaleStandIn(): Promise<AnthaleStandIn> {
  const requests: EnforceBody[] = [];
  let holding: Direction | undefined;
  let waiting: (() => void)[] = [];
  let hungUp = 0;
  let failWith: number | undefined;

  const server = await startLocalServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as EnforceBody;
    requests.push(body);
    response.on("close", () => {
      if (!response.writableFinished) hungUp++;
    });
    if (body.direction === holding) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    if (response.destroyed) return;
    response.setHeader("content-type", "application/json");
    if (failWith !== undefined) {
      response.statusCode = failWith;
      const error = { title: "Down", machineCode: "Down", message: "Anthale is down" };
      response.end(JSON.stringify({ error }));
      return;
    }
    response.end(JSON.stringify(decide(body)));
  });

  const release = () => {
    holding = undefined;
    const answers = waiting;
    waiting = [];
    for (const answer of answers) answer();
  };

  return {
    url: server.url,
    requests,
    client: new Anthale({
      apiKey: "test-key",
      baseURL: server.url,
      maxRetries: 0,
      logLevel: "off",
    }),
    get held() {
      return waiting.length;
    },
    get hungUp() {
      return hungUp;
    },
    get failWith() {
      return failWith;
    },
    set failWith(status) {
      failWith = status;
    },
    hold(direction) {
      holding = direction;
    },
    release,
    reset() {
      release();
      requests.length = 0;
      hungUp = 0;
      failWith = undefined;
    },
    async close() {
      release();
      await server.close();
    },
  };
}
