/**
 * Anthale middleware for the Vercel AI SDK: `@anthale/sdk/ai-sdk`.
 *
 * @packageDocumentation
 */
import type { LanguageModelV3Middleware, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { Metadata } from "../../core/types.js";
import { Guard, type GuardOptions } from "../shared/index.js";
import { contentMapping, promptMapping, streamPartPieces } from "./prompt-mapping.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/index.js";

/** Options of {@link anthaleMiddleware}. */
export type AnthaleMiddlewareOptions = GuardOptions;

function callMetadata(providerOptions: unknown): Metadata | undefined {
  const anthale = (providerOptions as { anthale?: { metadata?: unknown } } | undefined)?.anthale;
  const metadata = anthale?.metadata;
  return metadata && typeof metadata === "object" ? (metadata as Metadata) : undefined;
}

function iterate<T>(reader: ReadableStreamDefaultReader<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const { done, value } = await reader.read();
        return done ? { done: true, value: undefined } : { done: false, value };
      },
      return: async () => {
        await reader.cancel().catch(() => {});
        return { done: true, value: undefined };
      },
    }),
  };
}

function toReadable<T>(iterator: AsyncGenerator<T>): ReadableStream<T> {
  return new ReadableStream<T>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
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
  return {
    specificationVersion: "v3",
    async wrapGenerate({ params, model }) {
      const metadata = callMetadata(params.providerOptions);
      const outcome = await guard.send({
        mapping: promptMapping(params),
        signal: params.abortSignal,
        metadata,
        call: async (payload, signal) => model.doGenerate({ ...payload, abortSignal: signal }),
      });
      return guard.checkOutput(contentMapping(outcome.response, outcome.messages), metadata);
    },
    async wrapStream({ params, model }) {
      const metadata = callMetadata(params.providerOptions);
      const outcome = await guard.send({
        mapping: promptMapping(params),
        signal: params.abortSignal,
        metadata,
        call: async (payload, signal) => model.doStream({ ...payload, abortSignal: signal }),
      });
      const reader = outcome.response.stream.getReader();
      const guarded = guard.guardStream<LanguageModelV3StreamPart>({
        source: iterate(reader),
        read: streamPartPieces,
        context: outcome.messages,
        metadata,
        cancel: () => {
          reader.cancel().catch(() => {});
        },
      });
      return { ...outcome.response, stream: toReadable(guarded) };
    },
  };
}
