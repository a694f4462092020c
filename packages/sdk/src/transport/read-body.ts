// Reading an answer's body as text, up to a limit, so a huge or endless body cannot exhaust memory.

/** Most bytes of a successful answer read: 10 MiB. A larger one is a `ResponseTooLargeError`. */
export const MAX_RESULT_BYTES = 10 * 1024 * 1024;

/** Most bytes of an error answer kept (in `APIError.body`): 64 KiB; the rest is discarded. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A body read up to a limit. */
export interface LimitedText {
  /** The body's text, cut at the limit when it was longer. */
  text: string;
  /** Whether the body was longer than the limit (the rest was not read). */
  truncated: boolean;
}

/** Whether `value` can be read with `for await`. */
function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    Symbol.asyncIterator in value &&
    typeof value[Symbol.asyncIterator] === "function"
  );
}

/**
 * The chunks of a web stream, for runtimes whose `ReadableStream` cannot be read with `for await`.
 * Leaving the loop early cancels the stream.
 */
async function* readerChunks(stream: ReadableStream<unknown>): AsyncGenerator<unknown> {
  const reader = stream.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    // Nothing to cancel once the stream is done; otherwise the rest is never read.
    await reader.cancel();
  }
}

/**
 * The chunks of a response body: the web stream of the standard `fetch`, or the Node.js stream of
 * fetch libraries such as `node-fetch`. Anything else is a `TypeError`.
 */
function chunksOf(body: unknown): AsyncIterable<unknown> {
  if (isAsyncIterable(body)) return body;
  if (body instanceof ReadableStream) return readerChunks(body);
  throw new TypeError("the response body is not a stream");
}

/**
 * Reads a response body (`response.body`) as UTF-8 text, at most `limit` bytes of it (after any
 * content decoding); no body (`null` or `undefined`) reads as empty text. A longer body is cut
 * there and the rest is not read: leaving the loop cancels the stream, which closes that
 * connection rather than reading it to the end. A chunk that is not bytes is a `TypeError`.
 */
export async function readLimitedText(body: unknown, limit: number): Promise<LimitedText> {
  if (body === null || body === undefined) return { text: "", truncated: false };
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for await (const chunk of chunksOf(body)) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError("the response body holds a chunk that is not bytes");
    }
    const room = limit - size;
    size += chunk.byteLength;
    if (chunk.byteLength > room) {
      return { text: text + decoder.decode(chunk.subarray(0, room)), truncated: true };
    }
    text += decoder.decode(chunk, { stream: true });
  }
  return { text: text + decoder.decode(), truncated: false };
}
