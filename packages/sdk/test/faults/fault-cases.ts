// The faults the SDK must turn into a fast, typed outcome, and what each must become.
import { expect } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  type APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
} from "../../src/index.js";
import { SLEEP_SCALE } from "../helpers/scaled-sleep.js";
import {
  answer,
  type FaultHandler,
  gaps,
  resetMidBody,
  resultBody,
  type SeenRequest,
  stallBody,
} from "./fault-server.js";

/** Every wait between attempts is multiplied by this in the suite (500 ms backoff → 5 ms). */
const DELAY_SCALE = SLEEP_SCALE;
/** Slack allowed on top of the time a case is expected to take. */
const MARGIN_MS = 500;
/** Per-attempt timeout of the cases that time out on purpose. */
const SHORT_TIMEOUT_MS = 100;
/**
 * Per-attempt timeout of the other cases: far above their wall-time bound, so a case that takes
 * this long waited for a timeout it should never have met.
 */
export const LONG_TIMEOUT_MS = 5_000;

type ErrorClass = abstract new (...args: never[]) => APIError;

/** One fault and what it must produce. */
export interface FaultCase {
  name: string;
  /** What the server does; absent for "connection refused" (no server listens). */
  handler?: FaultHandler;
  timeout: number;
  maxRetries: number;
  /** Abort the caller's signal this many milliseconds after the call starts. */
  abortAfterMs?: number;
  /** The exact error class, or the action of a successful result. */
  expected: ErrorClass | { action: string };
  /** Attempts the server must see. */
  serverAttempts: number;
  /** Attempts the client must make (differs from `serverAttempts` only when nothing listens). */
  clientAttempts: number;
  /**
   * The wall time expected at most on an idle machine (timeouts × attempts + backoff + margin),
   * shown in the table; not asserted, since a loaded machine may take longer.
   */
  boundMs: number;
  /** Case-specific checks of the error or result and the requests seen. */
  check?: (outcome: unknown, requests: SeenRequest[]) => void;
}

/** Longest total backoff before `retries` retries, scaled as in the suite. */
function backoffMs(retries: number): number {
  let total = 0;
  for (let retry = 0; retry < retries; retry++) total += Math.min(500 * 2 ** retry, 8_000);
  return total * DELAY_SCALE;
}

function bound(options: { timeouts?: number; retries: number; extraMs?: number }): number {
  return (
    (options.timeouts ?? 0) * SHORT_TIMEOUT_MS +
    backoffMs(options.retries) +
    (options.extraMs ?? 0) +
    MARGIN_MS
  );
}

const html = (status: number) =>
  `<!DOCTYPE html><html><head><title>${status}</title></head><body><h1>${status} Error</h1></body></html>`;

function htmlAnswer(status: number): FaultHandler {
  return (_request, response) =>
    answer(response, status, html(status), { "content-type": "text/html; charset=utf-8" });
}

const never: FaultHandler = () => {};

/** The fault cases, in the order of the table. */
export const faultCases: FaultCase[] = [
  {
    name: "connection refused",
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: APIConnectionError,
    serverAttempts: 0,
    clientAttempts: 3,
    boundMs: bound({ retries: 2 }),
  },
  {
    name: "socket reset before headers",
    handler: (request) => request.socket.resetAndDestroy(),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: APIConnectionError,
    serverAttempts: 3,
    clientAttempts: 3,
    boundMs: bound({ retries: 2 }),
  },
  {
    name: "headers, then reset mid-body",
    handler: (_request, response) => resetMidBody(response),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: APIConnectionError,
    serverAttempts: 3,
    clientAttempts: 3,
    boundMs: bound({ retries: 2, extraMs: 3 * 20 }),
  },
  {
    name: "headers never sent (timeout)",
    handler: never,
    timeout: SHORT_TIMEOUT_MS,
    maxRetries: 2,
    expected: APIConnectionTimeoutError,
    serverAttempts: 3,
    clientAttempts: 3,
    boundMs: bound({ timeouts: 3, retries: 2 }),
  },
  {
    name: "body stalls after headers",
    handler: (_request, response) => stallBody(response),
    timeout: SHORT_TIMEOUT_MS,
    maxRetries: 2,
    expected: APIConnectionTimeoutError,
    serverAttempts: 3,
    clientAttempts: 3,
    boundMs: bound({ timeouts: 3, retries: 2 }),
  },
  {
    name: "429 with Retry-After: 3 (seconds), then 200",
    handler: (_request, response, attempt) =>
      attempt < 3
        ? answer(response, 429, '{"error":{"title":"Too Many Requests"}}', { "retry-after": "3" })
        : answer(response, 200, resultBody()),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: { action: "allow" },
    serverAttempts: 3,
    clientAttempts: 3,
    boundMs: bound({ retries: 0, extraMs: 2 * 3_000 * DELAY_SCALE }),
    check: (_outcome, requests) => {
      // The server's 3 s (30 ms here), not the 5 ms backoff, separates the attempts.
      for (const gap of gaps(requests)) expect(gap).toBeGreaterThanOrEqual(25);
    },
  },
  {
    name: "429 with Retry-After as an HTTP date, then 200",
    handler: (_request, response, attempt) =>
      attempt < 2
        ? answer(response, 429, "{}", {
            "retry-after": new Date(Date.now() + 5_000).toUTCString(),
          })
        : answer(response, 200, resultBody()),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: { action: "allow" },
    serverAttempts: 2,
    clientAttempts: 2,
    boundMs: bound({ retries: 0, extraMs: 5_000 * DELAY_SCALE }),
    check: (_outcome, requests) => {
      // The date is 4 to 5 s ahead once rounded to the second: 40 to 50 ms here.
      for (const gap of gaps(requests)) expect(gap).toBeGreaterThanOrEqual(30);
    },
  },
  {
    name: "429 on every attempt",
    handler: (_request, response) => answer(response, 429, "{}", { "retry-after": "1" }),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: RateLimitError,
    serverAttempts: 3,
    clientAttempts: 3,
    boundMs: bound({ retries: 0, extraMs: 2 * 1_000 * DELAY_SCALE }),
    check: (error) => expect((error as RateLimitError).retryAfter).toBe(1),
  },
  ...[500, 502, 503].map(
    (status): FaultCase => ({
      name: `${status} with an HTML body`,
      handler: htmlAnswer(status),
      timeout: LONG_TIMEOUT_MS,
      maxRetries: 2,
      expected: InternalServerError,
      serverAttempts: 3,
      clientAttempts: 3,
      boundMs: bound({ retries: 2 }),
      check: (error) => {
        expect((error as APIError).status).toBe(status);
        expect((error as APIError).body).toBe(html(status));
      },
    }),
  ),
  {
    name: "503, then 200",
    handler: (request, response, attempt) =>
      attempt < 2
        ? htmlAnswer(503)(request, response, attempt)
        : answer(response, 200, resultBody()),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: { action: "allow" },
    serverAttempts: 2,
    clientAttempts: 2,
    boundMs: bound({ retries: 1 }),
  },
  {
    name: "400 (not retried)",
    handler: (_request, response) =>
      answer(response, 400, '{"error":{"message":"messages must not be empty"}}'),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: BadRequestError,
    serverAttempts: 1,
    clientAttempts: 1,
    boundMs: bound({ retries: 0 }),
  },
  {
    name: "401 (not retried)",
    handler: (_request, response) =>
      answer(response, 401, '{"error":{"title":"Unauthorized","machineCode":"invalid_api_key"}}'),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: AuthenticationError,
    serverAttempts: 1,
    clientAttempts: 1,
    boundMs: bound({ retries: 0 }),
    check: (error) => expect((error as APIError).machineCode).toBe("invalid_api_key"),
  },
  ...(
    [
      ["200 with malformed JSON", '{"action": allow}', "not valid JSON"],
      ["200 with truncated JSON", resultBody().slice(0, 30), "not valid JSON"],
      ["200 with an empty body", "", "not valid JSON"],
      ["200 whose JSON lacks action", '{"enforcerIdentifier":"x"}', "lacks `action`"],
      ["200 whose JSON is not an object", '"allow"', "a string"],
    ] as const
  ).map(
    ([name, body, says]): FaultCase => ({
      name,
      handler: (_request, response) => answer(response, 200, body),
      timeout: LONG_TIMEOUT_MS,
      maxRetries: 2,
      expected: InvalidResponseError,
      serverAttempts: 1,
      clientAttempts: 1,
      boundMs: bound({ retries: 0 }),
      check: (error) => {
        expect((error as APIError).message).toContain(says);
        expect((error as APIError).status).toBe(200);
      },
    }),
  ),
  {
    name: "200 with an unknown action",
    handler: (_request, response) => answer(response, 200, resultBody("quarantine")),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: { action: "quarantine" },
    serverAttempts: 1,
    clientAttempts: 1,
    boundMs: bound({ retries: 0 }),
  },
  {
    name: "200 with a non-JSON content type",
    handler: (_request, response) =>
      answer(response, 200, "<html>OK</html>", { "content-type": "text/html" }),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    expected: InvalidResponseError,
    serverAttempts: 1,
    clientAttempts: 1,
    boundMs: bound({ retries: 0 }),
    check: (error) => expect((error as APIError).message).toContain('"text/html"'),
  },
  {
    name: "caller aborts mid-flight",
    handler: never,
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    abortAfterMs: 50,
    expected: APIUserAbortError,
    serverAttempts: 1,
    clientAttempts: 1,
    boundMs: bound({ retries: 0, extraMs: 50 }),
  },
  {
    name: "caller aborts during backoff",
    handler: (_request, response) => answer(response, 503, "{}", { "retry-after": "60" }),
    timeout: LONG_TIMEOUT_MS,
    maxRetries: 2,
    abortAfterMs: 100,
    expected: APIUserAbortError,
    serverAttempts: 1,
    clientAttempts: 1,
    // The server asked for 60 s (600 ms here): a second attempt would mean the wait ignored the abort.
    boundMs: bound({ retries: 0, extraMs: 100 }),
  },
];
