/**
 * Anthale middleware for the Vercel AI SDK: `@anthale/sdk/ai-sdk`.
 *
 * @packageDocumentation
 */
import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { Guard, type GuardOptions, metadataOf, recordOf } from "../shared/index.js";
import { contentMapping, promptMapping, streamPartReader } from "./prompt-mapping.js";
import { decodeFile, encodeFile, mapContentFiles, mapPromptFiles } from "./text-files.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/index.js";

/** Options of {@link anthaleMiddleware}. */
export type AnthaleMiddlewareOptions = GuardOptions;

/**
 * An iterator as a stream of parts with their text files encoded back: pulled on demand, and
 * stopped when the stream is cancelled.
 */
function toReadable(
  iterator: AsyncGenerator<LanguageModelV3StreamPart>,
): ReadableStream<LanguageModelV3StreamPart> {
  return new ReadableStream<LanguageModelV3StreamPart>({
    // A failing `next()` rejects `pull`, which errors the stream.
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encodeFile(next.value));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}

/**
 * A language-model middleware (specification `v3`) that checks the prompt with the policy before
 * the model runs and its output after, for `generateText` and `streamText` alike. `block` throws
 * `AnthalePolicyViolationError` (on input, before the model is called); `redact` rewrites the
 * prompt or the output. Text files (by media type, given as base64 or bytes) are checked as text.
 * Per-call metadata goes in `providerOptions.anthale.metadata`.
 *
 * @example
 * ```ts
 * import { generateText, wrapLanguageModel } from "ai";
 * import { openai } from "@ai-sdk/openai";
 * import { anthaleMiddleware } from "@anthale/sdk/ai-sdk";
 *
 * const model = wrapLanguageModel({
 *   model: openai("gpt-4o-mini"),
 *   middleware: anthaleMiddleware({ policyId: process.env.ANTHALE_POLICY_ID! }),
 * });
 * const { text } = await generateText({ model, prompt: "What is the best season to visit Lisbon?" });
 * ```
 */
export function anthaleMiddleware(options: AnthaleMiddlewareOptions): LanguageModelV3Middleware {
  const guard = new Guard(options, "ai-sdk");
  // Checks the prompt, then calls the model with it (redacted on `redact`).
  const send = <R>(
    params: LanguageModelV3CallOptions,
    call: (params: LanguageModelV3CallOptions) => PromiseLike<R>,
  ) => {
    const metadata = metadataOf(recordOf(recordOf(params.providerOptions).anthale).metadata);
    const outcome = guard.send({
      mapping: promptMapping(mapPromptFiles(params, decodeFile)),
      signal: params.abortSignal,
      metadata,
      call: async (payload, signal) =>
        call({ ...mapPromptFiles(payload, encodeFile), abortSignal: signal }),
    });
    return outcome.then((sent) => ({ ...sent, metadata }));
  };
  return {
    specificationVersion: "v3",
    async wrapGenerate({ params, model }) {
      const { response, messages, metadata } = await send(params, (call) => model.doGenerate(call));
      const decoded = mapContentFiles(response, decodeFile);
      const checked = await guard.checkOutput(contentMapping(decoded, messages), metadata);
      return checked === decoded ? response : mapContentFiles(checked, encodeFile);
    },
    async wrapStream({ params, model }) {
      const { response, messages, metadata } = await send(params, (call) => model.doStream(call));
      const reader = response.stream.getReader();
      const guarded = guard.guardStream<LanguageModelV3StreamPart>({
        // The reader's results are iterator results; it is cancelled through `cancel`. Text files
        // are decoded on the way in, and encoded back on the way out (`toReadable`).
        source: {
          [Symbol.asyncIterator]: () => ({
            next: async () => {
              const next = await reader.read();
              return next.done ? next : { done: false, value: decodeFile(next.value) };
            },
          }),
        },
        read: streamPartReader(),
        context: messages,
        metadata,
        cancel: () => reader.cancel().catch(() => {}),
      });
      return { ...response, stream: toReadable(guarded) };
    },
  };
}
