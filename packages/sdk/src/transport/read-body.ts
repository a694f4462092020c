/** Limits on how much of an answer the SDK reads, so a huge or endless body cannot exhaust memory. */

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

/**
 * Reads `response`'s body as UTF-8 text, at most `limit` bytes of it (after any content decoding).
 * A longer body is cut there and the rest is not read: leaving the loop cancels the stream, which
 * closes that connection rather than reading it to the end. Works with the web streams of the
 * standard `fetch` and with the Node.js streams of fetch libraries such as `node-fetch`, since
 * both are async iterables of byte chunks.
 */
export async function readLimitedText(response: Response, limit: number): Promise<LimitedText> {
  const body = response.body as AsyncIterable<Uint8Array> | null;
  if (!body) return { text: "", truncated: false };
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for await (const chunk of body) {
    const room = limit - size;
    size += chunk.byteLength;
    if (chunk.byteLength > room) {
      return { text: text + decoder.decode(chunk.subarray(0, room)), truncated: true };
    }
    text += decoder.decode(chunk, { stream: true });
  }
  return { text: text + decoder.decode(), truncated: false };
}
