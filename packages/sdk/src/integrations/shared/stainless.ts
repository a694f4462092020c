// Guards the `create` methods of the clients built on Stainless (OpenAI, Anthropic): the lazy
// promise such a method returns, its streams, and the request id of its answers. The private
// members of those clients the guard needs are each framework's own `framework-internals.ts`.
import { AnthaleError } from "../../base/errors.js";
import type { Adapter } from "./adapter.js";
import type { Guard } from "./guard.js";
import { isRecord, type Json, recordOf } from "./values.js";

/** An answer of a Stainless method, with what came with it. */
interface Unwrapped<T> {
  /** The answer. */
  data: T;
  /** What the framework hands to the transforms of its own helpers (see `StainlessInternals`). */
  props: unknown;
  /** The HTTP response. */
  response: Response;
  /** The request id the provider gave. */
  request_id: string | null | undefined;
}

/** What a Stainless method returns: a lazy promise with `withResponse()` and `asResponse()`. */
export interface StainlessPromise<T> extends Promise<T> {
  withResponse(): Promise<Omit<Unwrapped<T>, "props">>;
  asResponse(): Promise<Response>;
}

/** A Stainless stream: async-iterable, cancelled through its `controller`. */
export interface StainlessStream<C> extends AsyncIterable<C> {
  controller: AbortController;
}

/** The options a Stainless method takes per call (the ones the checks use). */
interface StainlessCallOptions {
  signal?: AbortSignal | null | undefined;
  timeout?: number | undefined;
}

/**
 * What the guard needs from a Stainless framework: its public `Stream` class, and the names of
 * the members it relies on that are not public API (given in the framework's
 * `framework-internals.ts`, where a test fails when the framework changes them).
 */
export interface StainlessFramework {
  /** The framework's name, for error messages. */
  name: string;
  /** The framework's public stream class. */
  Stream: new (
    iterator: () => AsyncIterator<Json>,
    controller: AbortController,
  ) => StainlessStream<Json>;
  /**
   * The member of a method's promise that maps its answer with the `props` of its response
   * (`_thenUnwrap`). The framework's own helpers (such as `parse`) call it on what `create`
   * returns, so a guarded `create` offers it too.
   */
  thenUnwrap: string;
  /** The member of an answer holding its request id, not enumerable (`_request_id`). */
  requestId: string;
}

/** A function member of `target` named `name`, bound to it; throws when there is none. */
function memberOf(framework: StainlessFramework, target: object, name: string) {
  const member: unknown = Reflect.get(target, name);
  if (typeof member !== "function") {
    throw new AnthaleError(
      `This version of the ${framework.name} client has no ${name} on what a method returns: it cannot be guarded`,
    );
  }
  return (...args: unknown[]): unknown => Reflect.apply(member, target, args);
}

/** Whether `value` is a lazy promise of a Stainless method. */
function isStainlessPromise(value: unknown): value is StainlessPromise<unknown> {
  return isRecord(value) && typeof value.withResponse === "function";
}

/** The answer of a call to an original method, with the `props` of its response. */
async function unwrap(
  framework: StainlessFramework,
  promise: unknown,
): Promise<Unwrapped<unknown>> {
  if (!isStainlessPromise(promise)) {
    throw new AnthaleError(`A ${framework.name} method returned no promise it can guard`);
  }
  const mapped = memberOf(
    framework,
    promise,
    framework.thenUnwrap,
  )((data: unknown, props: unknown) => ({ data, props }));
  if (!isStainlessPromise(mapped)) {
    throw new AnthaleError(`The ${framework.name} client's ${framework.thenUnwrap} changed`);
  }
  const { data, response, request_id } = await mapped.withResponse();
  const { data: answer, props } = recordOf(data);
  return { data: answer, props, response, request_id };
}

const guardedMark = Symbol.for("anthale.sdk.guarded");

/** Whether `target` was already guarded; marks it when not. */
export function markGuarded(target: object): boolean {
  const marked = guardedMark in target;
  if (!marked) Object.defineProperty(target, guardedMark, { value: true });
  return marked;
}

/** What a guarded method returns: the lazy promise of the framework, over `unwrapped`. */
function promiseOf<T>(
  framework: StainlessFramework,
  unwrapped: Promise<Unwrapped<T>>,
): StainlessPromise<T> {
  const data = unwrapped.then((value) => value.data);
  // A caller that only awaits withResponse() never observes this promise: its rejection (a block)
  // must not count as unhandled. Awaiting it still throws.
  data.catch(() => {});
  const thenUnwrap = <U>(transform: (data: T, props: unknown) => U) =>
    promiseOf(
      framework,
      unwrapped.then((value) => ({ ...value, data: transform(value.data, value.props) })),
    );
  return Object.assign(data, {
    withResponse: () =>
      unwrapped.then(({ data, response, request_id }) => ({ data, response, request_id })),
    asResponse: () =>
      Promise.reject(
        new AnthaleError("asResponse() would skip the output check; use withResponse()"),
      ),
    [framework.thenUnwrap]: thenUnwrap,
  });
}

/** `answer`, a redacted copy, with the request id the framework gives every answer. */
function withRequestId(framework: StainlessFramework, answer: Json, requestId: unknown): Json {
  return Object.defineProperty(answer, framework.requestId, { value: requestId ?? null });
}

/**
 * Whether `value` is a Stainless stream. Its chunks are JSON objects: a Stainless stream yields
 * each event's data parsed.
 */
function isStream(value: unknown): value is StainlessStream<Json> {
  return (
    isRecord(value) && Symbol.asyncIterator in value && value.controller instanceof AbortController
  );
}

/**
 * Replaces `resource[method]` (a Stainless `create`) with one that checks the input before the
 * call and the answer after it, streamed or not, through `guard`. The caller's `signal` and
 * `timeout` apply to the checks too.
 */
export function guardStainlessMethod(
  framework: StainlessFramework,
  resource: object,
  method: string,
  guard: Guard,
  adapter: Adapter<Json, Json, Json>,
): void {
  const original: unknown = Reflect.get(resource, method);
  if (typeof original !== "function") {
    throw new AnthaleError(`The client has no ${method} method to guard`);
  }
  const callOriginal = (body: Json, options: StainlessCallOptions | undefined) =>
    unwrap(framework, Reflect.apply(original, resource, [body, options]));
  const create = (body: Json, options?: StainlessCallOptions) =>
    promiseOf(
      framework,
      (async (): Promise<Unwrapped<unknown>> => {
        const callOptions = {
          signal: options?.signal ?? undefined,
          timeout: options?.timeout,
        };
        const outcome = await guard.send({
          mapping: adapter.request(body),
          options: callOptions,
          call: (payload, signal) =>
            callOriginal(payload, signal ? { ...options, signal } : options),
        });
        const { data, ...rest } = outcome.response;
        if (body.stream === true && isStream(data)) {
          const reader = adapter.chunks();
          const chunks = guard.guardStream({
            source: data,
            read: reader.read,
            write: reader.write,
            context: outcome.messages,
            options: callOptions,
            cancel: () => data.controller.abort(),
          });
          return { ...rest, data: new framework.Stream(() => chunks, data.controller) };
        }
        if (!isRecord(data)) {
          throw new AnthaleError(`The answer of ${method} is not an object: it cannot be checked`);
        }
        const checked = await guard.checkOutput(
          adapter.answer(data, outcome.messages),
          callOptions,
        );
        if (checked === data) return { ...rest, data };
        // A redacted answer is a copy: it gets the request id the original had.
        const finished = adapter.finish?.(checked) ?? checked;
        return { ...rest, data: withRequestId(framework, finished, rest.request_id) };
      })(),
    );
  Object.defineProperty(resource, method, { value: create, writable: true, configurable: true });
}
