import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLimitedText } from "./read-body.js";

/**
 * A body that arrives in the given chunks, recording how many were pulled and whether it was
 * cancelled; `plain` hides its `for await` support, as on runtimes whose streams lack it.
 */
function chunked(chunks: string[], plain = false) {
  const encoder = new TextEncoder();
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  if (plain) Object.defineProperty(body, Symbol.asyncIterator, { value: undefined });
  return { body, state };
}

describe("readLimitedText", () => {
  it("reads a body within the limit whole, multi-byte characters split across chunks included", async () => {
    const bytes = new TextEncoder().encode("née ✓");
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 2));
        controller.enqueue(bytes.subarray(2));
        controller.close();
      },
    });
    expect(await readLimitedText(new Response(body).body, 100)).toEqual({
      text: "née ✓",
      truncated: false,
    });
  });

  it("reads exactly the limit without calling it truncated", async () => {
    const { body } = chunked(["abc", "def"]);
    expect(await readLimitedText(body, 6)).toEqual({ text: "abcdef", truncated: false });
  });

  it("cuts a longer body at the limit and cancels the rest, unread", async () => {
    const { body, state } = chunked(["abcd", "efgh", "ijkl", "mnop"]);
    expect(await readLimitedText(body, 6)).toEqual({ text: "abcdef", truncated: true });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(4);
  });

  it("reads no body as empty text", async () => {
    expect(await readLimitedText(new Response(null, { status: 204 }).body, 10)).toEqual({
      text: "",
      truncated: false,
    });
    expect(await readLimitedText(undefined, 10)).toEqual({ text: "", truncated: false });
  });

  it("reads a web stream through its reader where it cannot be read with for await", async () => {
    const whole = chunked(["abc", "def"], true);
    expect(Symbol.asyncIterator in whole.body && whole.body[Symbol.asyncIterator]).toBeFalsy();
    expect(await readLimitedText(whole.body, 100)).toEqual({ text: "abcdef", truncated: false });
    expect(whole.state.cancelled).toBe(false);
    const cut = chunked(["abcd", "efgh", "ijkl", "mnop"], true);
    expect(await readLimitedText(cut.body, 6)).toEqual({ text: "abcdef", truncated: true });
    expect(cut.state.cancelled).toBe(true);
    expect(cut.state.pulled).toBeLessThan(4);
  });

  it("reads a Node.js stream, as fetch libraries such as node-fetch give it", async () => {
    const body = Readable.from([Buffer.from("née "), Buffer.from("✓")]);
    expect(await readLimitedText(body, 100)).toEqual({ text: "née ✓", truncated: false });
  });

  it("refuses a body it cannot read, and chunks that are not bytes, with a TypeError", async () => {
    await expect(readLimitedText("a string body", 10)).rejects.toThrow(TypeError);
    await expect(readLimitedText({ getReader: "no" }, 10)).rejects.toThrow(
      /the response body is not a stream/,
    );
    await expect(readLimitedText(Readable.from(["text, not bytes"]), 10)).rejects.toThrow(
      /not bytes/,
    );
  });
});
