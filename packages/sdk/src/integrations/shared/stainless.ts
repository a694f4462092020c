import { AnthaleError } from "../../base/errors.js";
import type { Message } from "../../base/types.js";
import type { Guard } from "./guard.js";
import type { PayloadMapping } from "./payload-mapping.js";
import type { StreamPiece } from "./stream-guard.js";

/** What the clients built on Stainless (OpenAI, Anthropic) return from a method: a lazy promise. */
export interface StainlessPromise<T> extends Promise<T> {
  withResponse(): Promise<{ data: T; response: Response; request_id: string | null | undefined }>;
  asResponse(): Promise<Response>;
  _thenUnwrap<U>(transform: (data: T, props: Record<string, unknown>) => U): StainlessPromise<U>;
}

/** A Stainless stream: async-iterable, cancelled through its `controller`. */
interface StainlessStream<C> extends AsyncIterable<C> {
  controller: AbortController;
}

type StreamConstructor<C> = new (
  iterator: () => AsyncIterator<C>,
  controller: AbortController,
) => StainlessStream<C>;

interface Unwrapped<T> {
  data: T;
  props: Record<string, unknown>;
  response: Response;
  request_id: string | null | undefined;
}

/** How one `create` method's payloads map to Anthale messages. */
export interface StainlessAdapter<B, R, C> {
  /** The request body, mapped. */
  input: (body: B) => PayloadMapping<B>;
  /** A whole answer, mapped, after the conversation the provider saw. */
  output: (response: R, context: Message[]) => PayloadMapping<R>;
  /** The text pieces of one streamed event. */
  chunk: (chunk: C) => StreamPiece[];
  /** Fixes fields derived from the text after redaction (such as `output_text`). */
  finish?: (response: R) => R;
}

const guardedMark = Symbol.for("anthale.sdk.guarded");

/** Whether `target` was already guarded; marks it when not. */
export function markGuarded(target: object): boolean {
  const marked = guardedMark in target;
  if (!marked) Object.defineProperty(target, guardedMark, { value: true });
  return marked;
}

function promiseOf<T>(unwrapped: Promise<Unwrapped<T>>): StainlessPromise<T> {
  const data = unwrapped.then(({ data }) => data);
  // A caller that only awaits withResponse() never observes this promise: its rejection (a block)
  // must not count as unhandled. Awaiting it still throws.
  data.catch(() => {});
  return Object.assign(data, {
    withResponse: () => unwrapped.then(({ props, ...withResponse }) => withResponse),
    asResponse: () =>
      Promise.reject(
        new AnthaleError("asResponse() would skip the output check; use withResponse()"),
      ),
    _thenUnwrap: <U>(transform: (data: T, props: Record<string, unknown>) => U) =>
      promiseOf(
        unwrapped.then((value) => ({ ...value, data: transform(value.data, value.props) })),
      ),
  }) as StainlessPromise<T>;
}

/**
 * Replaces `resource[method]` (a Stainless `create`) with one that checks the input before the
 * call and the answer after it, streamed or not, through `guard`.
 */
export function guardStainlessMethod<B extends { stream?: boolean | null }, R, C>(
  resource: object,
  method: string,
  guard: Guard,
  adapter: StainlessAdapter<B, R, C>,
): void {
  const original = (resource as Record<string, unknown>)[method] as (
    body: B,
    options?: { signal?: AbortSignal | null },
  ) => StainlessPromise<unknown>;
  const create = (body: B, options?: { signal?: AbortSignal | null }) =>
    promiseOf(
      (async (): Promise<Unwrapped<unknown>> => {
        const outcome = await guard.send({
          mapping: adapter.input(body),
          signal: options?.signal ?? undefined,
          call: (payload, signal) =>
            original
              .call(resource, payload, signal ? { ...options, signal } : options)
              ._thenUnwrap((data, props) => ({ data, props }))
              .withResponse(),
        });
        const {
          data: { data, props },
          ...withResponse
        } = outcome.response;
        let guarded = data;
        if (body.stream) {
          const stream = data as StainlessStream<C>;
          const Stream = stream.constructor as StreamConstructor<C>;
          const chunks = guard.guardStream<C>({
            source: stream,
            read: adapter.chunk,
            context: outcome.messages,
            cancel: () => stream.controller.abort(),
          });
          guarded = new Stream(() => chunks, stream.controller);
        } else {
          const checked = await guard.checkOutput(adapter.output(data as R, outcome.messages));
          // A redacted answer is a copy; it keeps the original's request id (non-enumerable).
          if (checked !== data) {
            guarded = Object.defineProperty(adapter.finish?.(checked) ?? checked, "_request_id", {
              value: (data as { _request_id?: unknown })._request_id,
            });
          }
        }
        return { ...withResponse, data: guarded, props };
      })(),
    );
  Object.defineProperty(resource, method, { value: create, writable: true, configurable: true });
}
