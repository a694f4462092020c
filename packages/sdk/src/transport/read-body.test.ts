import { describe, expect, it } from "vitest";
import { readLimitedText } from "./read-body.js";

/** A response whose body arrives in the given chunks, recording whether it was cancelled. */
function chunked(chunks: string[]) {
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
  return { response: new Response(body), state };
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
    expect(await readLimitedText(new Response(body), 100)).toEqual({
      text: "née ✓",
      truncated: false,
    });
  });

  it("reads exactly the limit without calling it truncated", async () => {
    const { response } = chunked(["abc", "def"]);
    expect(await readLimitedText(response, 6)).toEqual({ text: "abcdef", truncated: false });
  });

  it("cuts a longer body at the limit and cancels the rest, unread", async () => {
    const { response, state } = chunked(["abcd", "efgh", "ijkl", "mnop"]);
    expect(await readLimitedText(response, 6)).toEqual({ text: "abcdef", truncated: true });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(4);
  });

  it("reads no body as empty text", async () => {
    expect(await readLimitedText(new Response(null, { status: 204 }), 10)).toEqual({
      text: "",
      truncated: false,
    });
  });
});
