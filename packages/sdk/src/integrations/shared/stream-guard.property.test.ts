// Properties of a window-mode stream, whatever its chunks, its window sizes and how long the
// source and the checks take: no character leaves before a check that covered it passed, no check
// sends the text of the one before it again, the last check covers the whole answer, and the
// answer comes out whole.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EnforceResult } from "../../base/types.js";
import { guardStream } from "./stream-guard.js";

/** Waits `turns` turns of the event loop. */
async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

const chunkText = fc.string({ unit: fc.constantFrom("a", "b", " "), minLength: 1, maxLength: 15 });

describe("guardStream in window mode, whatever the timing", () => {
  it("releases only checked text, never checks the same text twice, and ends on a whole check", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ text: chunkText, wait: fc.nat(3) }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 60 }).chain((windowSize) =>
          fc.record({
            windowSize: fc.constant(windowSize),
            firstWindowSize: fc.integer({ min: 1, max: windowSize }),
          }),
        ),
        fc.array(fc.nat(4), { minLength: 1, maxLength: 10 }),
        async (chunks, { windowSize, firstWindowSize }, checkWaits) => {
          const checked: number[] = [];
          let passed = 0;
          let released = 0;
          let releasedBeyondCheck = false;
          const stream = guardStream<{ text: string }>({
            source: (async function* () {
              for (const { text, wait } of chunks) {
                await turns(wait);
                yield { text };
              }
            })(),
            mode: "window",
            windowSize,
            firstWindowSize,
            read: (chunk) => [{ channel: "text", text: chunk.text }],
            write: (_chunk, [text]) => ({ text: text ?? "" }),
            check: async (answer) => {
              const length = (answer.get("text") ?? "").length;
              checked.push(length);
              await turns(checkWaits[(checked.length - 1) % checkWaits.length] as number);
              passed = Math.max(passed, length);
              return undefined as EnforceResult | undefined;
            },
          });
          const out: string[] = [];
          for await (const chunk of stream) {
            out.push(chunk.text);
            released += chunk.text.length;
            if (released > passed) releasedBeyondCheck = true;
          }
          const whole = chunks.map((chunk) => chunk.text).join("");
          expect(out.join("")).toBe(whole);
          expect(releasedBeyondCheck).toBe(false);
          for (let index = 1; index < checked.length; index++) {
            expect(checked[index]).toBeGreaterThan(checked[index - 1] as number);
          }
          expect(checked.at(-1)).toBe(whole.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
