/**
 * Anthale guard for the Google Gen AI client: `@anthale/sdk/google`.
 *
 * @packageDocumentation
 */
import type {
  GenerateContentParameters,
  GenerateContentResponse,
  GoogleGenAI,
} from "@google/genai";
import { Guard, type GuardOptions, linkedSignal, markGuarded } from "../shared/index.js";
import { chunkPieces, paramsMapping, responseMapping } from "./contents.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/index.js";

/** Options of {@link guardGoogleGenAI}. */
export type GuardGoogleGenAIOptions = GuardOptions;

type Models = GoogleGenAI["models"];

function withSignal(params: GenerateContentParameters, signal: AbortSignal | undefined) {
  return signal ? { ...params, config: { ...params.config, abortSignal: signal } } : params;
}

/**
 * Guards a Google Gen AI client in place: `models.generateContent` and
 * `models.generateContentStream` check the system instruction and contents (text, function calls
 * and responses, code the model runs and its output) before the request, and the answer after it.
 * `block` throws `AnthalePolicyViolationError` (on input, before anything is sent); `redact`
 * rewrites the request or the answer. Returns the same client; guarding it again changes nothing. With automatic
 * function calling, the calls the client makes between the first request and the final answer are
 * not checked one by one.
 *
 * @example
 * ```ts
 * import { GoogleGenAI } from "@google/genai";
 * import { guardGoogleGenAI } from "@anthale/sdk/google";
 *
 * const ai = guardGoogleGenAI(new GoogleGenAI({}), { policyId: process.env.ANTHALE_POLICY_ID! });
 * const response = await ai.models.generateContent({
 *   model: "gemini-2.5-flash",
 *   contents: "What is the best season to visit Lisbon?",
 * });
 * console.log(response.text);
 * ```
 */
export function guardGoogleGenAI<T extends GoogleGenAI>(
  ai: T,
  options: GuardGoogleGenAIOptions,
): T {
  const guard = new Guard(options, "google");
  if (markGuarded(ai)) return ai;
  const models: Models = ai.models;
  const generate = models.generateContent.bind(models);
  const generateStream = models.generateContentStream.bind(models);

  models.generateContent = async (params) => {
    const outcome = await guard.send({
      mapping: paramsMapping(params),
      signal: params.config?.abortSignal,
      call: (payload, signal) => generate(withSignal(payload, signal)),
    });
    return guard.checkOutput(responseMapping(outcome.response, outcome.messages));
  };

  models.generateContentStream = async (params) => {
    const controller = new AbortController();
    const outcome = await guard.send({
      mapping: paramsMapping(params),
      signal: linkedSignal(params.config?.abortSignal, controller),
      call: (payload, callSignal) => generateStream(withSignal(payload, callSignal)),
    });
    return guard.guardStream<GenerateContentResponse>({
      source: outcome.response,
      read: chunkPieces,
      context: outcome.messages,
      cancel: () => controller.abort(),
    });
  };
  return ai;
}
