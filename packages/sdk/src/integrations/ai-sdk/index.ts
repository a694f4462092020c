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
import { contentMapping, promptMapping, streamPartPieces } from "./prompt-mapping.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/index.js";

/** Options of {@link anthaleMiddleware}. */
export type AnthaleMiddlewareOptions = GuardOptions;

/** An iterator as a stream: pulled on demand, and stopped when the stream is cancelled. */
function toReadable<T>(iterator: AsyncGenerator<T>): ReadableStream<T> {
  return new ReadableStream<T>({
    // A failing `next()` rejects `pull`, which errors the stream.
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
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
 * prompt or the output. Per-call metadata goes in `providerOptions.anthale.metadata`.
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
      mapping: promptMapping(params),
      signal: params.abortSignal,
      metadata,
      call: async (payload, signal) => call({ ...payload, abortSignal: signal }),
    });
    return outcome.then((sent) => ({ ...sent, metadata }));
  };
  return {
    specificationVersion: "v3",
    async wrapGenerate({ params, model }) {
      const { response, messages, metadata } = await send(params, (call) => model.doGenerate(call));
      return guard.checkOutput(contentMapping(response, messages), metadata);
    },
    async wrapStream({ params, model }) {
      const { response, messages, metadata } = await send(params, (call) => model.doStream(call));
      const reader = response.stream.getReader();
      const guarded = guard.guardStream<LanguageModelV3StreamPart>({
        // The reader's results are iterator results already; it is cancelled through `cancel`.
        source: { [Symbol.asyncIterator]: () => ({ next: () => reader.read() as never }) },
        read: streamPartPieces,
        context: messages,
        metadata,
        cancel: () => reader.cancel().catch(() => {}),
      });
      return { ...response, stream: toReadable(guarded) };
    },
  };
}
