// The public entry `@anthale/sdk/ai-sdk`: the AI SDK language-model middleware.
/**
 * Anthale middleware for the Vercel AI SDK: `@anthale/sdk/ai-sdk`.
 *
 * @module @anthale/sdk/ai-sdk
 */
import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { AnthaleError } from "../../base/errors.js";
import {
  type CallOptions,
  Guard,
  type GuardOptions,
  metadataOf,
  recordOf,
} from "../shared/index.js";
import { languageModelAdapter as adapter } from "./language-model-adapter.js";
import { decodeFile, encodeFile, mapContentFiles, mapPromptFiles } from "./text-files.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/public-types.js";
export { policyViolationOf } from "../shared/public-types.js";

/** Options of {@link anthaleMiddleware}. */
export type AnthaleMiddlewareOptions = GuardOptions;

/**
 * An iterator as a stream of parts with their text files encoded back: pulled on demand, and
 * stopped when the stream is cancelled. What the guard throws (a violation, or Anthale failing)
 * becomes an `error` part that ends the stream, as a model reports its own errors, so
 * `streamText` hands it to `onError` and `fullStream` carries it; anything else (the model's
 * stream failing) errors the stream as before.
 */
function toReadable(
  iterator: AsyncGenerator<LanguageModelV3StreamPart>,
): ReadableStream<LanguageModelV3StreamPart> {
  return new ReadableStream<LanguageModelV3StreamPart>({
    async pull(controller) {
      let next: IteratorResult<LanguageModelV3StreamPart>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (!(error instanceof AnthaleError)) throw error;
        controller.enqueue({ type: "error", error });
        controller.close();
        return;
      }
      if (next.done) controller.close();
      else controller.enqueue(encodeFile(next.value));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}

/** The signal and metadata of a call (`providerOptions.anthale.metadata`), for its checks. */
function callOptions(params: LanguageModelV3CallOptions): CallOptions {
  return {
    signal: params.abortSignal,
    metadata: metadataOf(recordOf(recordOf(params.providerOptions).anthale).metadata),
  };
}

/**
 * A language-model middleware (specification `v3`) that checks the prompt with the policy before
 * the model runs and its output after, for `generateText` and `streamText` alike. `block` throws
 * `AnthalePolicyViolationError` (on input, before the model is called); in a stream, a violation
 * of the output is an `error` part, which `streamText` hands to `onError`. `redact` rewrites the
 * prompt or the output. Text files (by media type, given as base64 or bytes) are checked as text.
 * Per-call metadata goes in `providerOptions.anthale.metadata`; the call's `abortSignal` applies
 * to the checks too.
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
  // Checks the prompt, then calls the model with it (redacted on `redact`, files encoded back).
  const send = <R>(
    params: LanguageModelV3CallOptions,
    call: (params: LanguageModelV3CallOptions) => PromiseLike<R>,
  ) =>
    guard.send({
      mapping: adapter.request(params),
      options: callOptions(params),
      call: async (payload, signal) =>
        call({ ...mapPromptFiles(payload, encodeFile), abortSignal: signal }),
    });
  return {
    specificationVersion: "v3",
    async wrapGenerate({ params, model }) {
      const { response, messages } = await send(params, (call) => model.doGenerate(call));
      const mapping = adapter.answer(response, messages);
      const checked = await guard.checkOutput(mapping, callOptions(params));
      return checked === mapping.root ? response : mapContentFiles(checked, encodeFile);
    },
    async wrapStream({ params, model }) {
      const { response, messages } = await send(params, (call) => model.doStream(call));
      const reader = response.stream.getReader();
      const chunks = adapter.chunks();
      const guarded = guard.guardStream<LanguageModelV3StreamPart>({
        // Text files are decoded on the way in, and encoded back on the way out (`toReadable`).
        source: {
          [Symbol.asyncIterator]: () => ({
            next: async () => {
              const next = await reader.read();
              return next.done ? next : { done: false, value: decodeFile(next.value) };
            },
          }),
        },
        read: chunks.read,
        write: chunks.write,
        context: messages,
        options: callOptions(params),
        cancel: () => reader.cancel().catch(() => {}),
      });
      return { ...response, stream: toReadable(guarded) };
    },
  };
}
