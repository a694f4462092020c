import {
  APIConnectionError,
  APIConnectionTimeoutError,
  type APIError,
  APIUserAbortError,
} from "../core/errors.js";
import { clearDeadline, watchDeadline } from "./deadlines.js";

/** The `fetch` the SDK sends with: the global one, or any function with its signature. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * When a client's attempts carry an abort signal, shared by all its calls. A healthy client sends
 * without one: Node's fetch spends about 10 µs on every request that has a signal (a weak
 * reference, a finalizer and a listener), a few percent of a call on a fast network. The deadline
 * still holds without it, since the attempt races its timer. Once an attempt times out, every
 * attempt carries a signal for {@link ABORTABLE_AFTER_TIMEOUT_MS}, so a server that stopped
 * answering gets its connections closed instead of held open.
 */
export interface AbortState {
  /** Until when (as `Date.now()`) every attempt carries a signal. */
  abortableUntil: number;
}

/** How long attempts carry an abort signal after a timeout: 5 minutes. */
export const ABORTABLE_AFTER_TIMEOUT_MS = 300_000;

/** What one attempt needs. */
export interface AttemptOptions {
  fetch: FetchLike;
  url: string;
  headers: Record<string, string>;
  /** Milliseconds the attempt may take, reading the body included. */
  timeout: number;
  /** The caller's signal: when it aborts, so does the request, and the attempt ends at once. */
  signal?: AbortSignal | undefined;
  state: AbortState;
}

/** A response (any status) with its body read as text. */
export interface AttemptResponse {
  status: number;
  headers: Headers;
  text: string;
}

function connectionError(cause: unknown): APIConnectionError {
  const detail =
    cause instanceof Error
      ? ((cause.cause as Error | undefined)?.message ?? cause.message)
      : String(cause);
  return new APIConnectionError(`Connection error: ${detail}`, { cause });
}

/**
 * Sends the request once. Resolves (never rejects) to the response, or to the error that ended
 * the attempt: `APIConnectionTimeoutError` when `timeout` elapses, `APIUserAbortError` as soon as
 * the caller's signal aborts, `APIConnectionError` when no response could be read. It leaves no
 * listener on the caller's signal behind, and no deadline that keeps the process alive.
 */
export function sendAttempt(
  body: string,
  options: AttemptOptions,
): Promise<AttemptResponse | APIError> {
  const { signal, state, timeout } = options;
  const controller =
    signal || Date.now() < state.abortableUntil ? new AbortController() : undefined;
  return new Promise((resolve) => {
    let pending = true;
    const finish = (outcome: AttemptResponse | APIError) => {
      if (!pending) return;
      pending = false;
      clearDeadline(deadline);
      signal?.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onAbort = () => {
      controller?.abort(signal?.reason);
      finish(new APIUserAbortError(undefined, { cause: signal?.reason }));
    };
    const deadline = watchDeadline(timeout, () => {
      state.abortableUntil = Date.now() + ABORTABLE_AFTER_TIMEOUT_MS;
      const error = new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`);
      controller?.abort(error);
      finish(error);
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    // The body is read inside the attempt, so the timeout covers it; an attempt that already
    // ended still reads it, which hands the connection back to the pool.
    options
      .fetch(options.url, {
        method: "POST",
        headers: options.headers,
        body,
        signal: controller?.signal,
      })
      .then(async (response) =>
        finish({ status: response.status, headers: response.headers, text: await response.text() }),
      )
      .catch((cause: unknown) => finish(connectionError(cause)));
  });
}
