// An Anthale that holds the checks a test picks (by direction) without answering, so a test can
// abort a call while a check is pending and see what became of it: whether the call settled
// before Anthale answered, and whether the held request was dropped by the client.
import { Anthale } from "../../../src/index.js";
import { decide, type EnforceBody, policyId } from "./fake-anthale.js";
import { readBody, startLocalServer } from "./local-server.js";

export interface SlowAnthale {
  /** Options for the test policy on this server. */
  readonly options: { policyId: string; client: Anthale };
  /** Resolves once a held check reached the server. */
  readonly held: Promise<void>;
  /** Resolves once the client dropped a held check before it was answered. */
  readonly dropped: Promise<void>;
  /** Whether the held checks were answered (by {@link SlowAnthale.answer}). */
  readonly answered: boolean;
  /** Answers every held check (as the fake Anthale decides), and every later one at once. */
  answer(): void;
  close(): Promise<void>;
}

/** Starts a server that holds the checks of direction `holding` and answers the others at once. */
export async function startSlowAnthale(holding: EnforceBody["direction"]): Promise<SlowAnthale> {
  let onHeld = () => {};
  let onDropped = () => {};
  const held = new Promise<void>((resolve) => {
    onHeld = resolve;
  });
  const dropped = new Promise<void>((resolve) => {
    onDropped = resolve;
  });
  const waiting: (() => void)[] = [];
  let answered = false;
  const server = await startLocalServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as EnforceBody;
    const reply = () => {
      if (response.destroyed) return;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(decide(body)));
    };
    if (body.direction !== holding || answered) {
      reply();
      return;
    }
    response.on("close", () => {
      if (!response.writableEnded) onDropped();
    });
    waiting.push(reply);
    onHeld();
  });
  return {
    options: {
      policyId,
      client: new Anthale({
        apiKey: "test-key",
        baseURL: server.url,
        maxRetries: 0,
        logLevel: "off",
      }),
    },
    held,
    dropped,
    get answered() {
      return answered;
    },
    answer() {
      answered = true;
      for (const reply of waiting.splice(0)) reply();
    },
    close: server.close,
  };
}

/**
 * What becomes of a call aborted while a check is held: starts the call with a fresh signal, waits
 * until the check reached Anthale, aborts, and waits for the call to settle. Anthale answers the held
 * check if the call has not settled after `patience` ms (so a call that ignores the abort still
 * ends, answered). Resolves to what the call threw (or `undefined`), and whether Anthale had
 * answered when it settled.
 */
export async function abortWhileHeld(
  anthale: SlowAnthale,
  start: (signal: AbortSignal) => Promise<unknown>,
  patience = 3_000,
): Promise<{ error: unknown; answeredFirst: boolean }> {
  const controller = new AbortController();
  const call = start(controller.signal).then(
    () => undefined,
    (error: unknown) => error ?? new Error("rejected without a reason"),
  );
  await Promise.race([anthale.held, call]);
  controller.abort();
  const fallback = setTimeout(() => anthale.answer(), patience);
  const error = await call;
  const answeredFirst = anthale.answered;
  clearTimeout(fallback);
  return { error, answeredFirst };
}
