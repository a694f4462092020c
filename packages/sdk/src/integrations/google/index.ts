// The public entry `@anthale/sdk/google`: the guard of a Google Gen AI client.
/**
 * Anthale guard for the Google Gen AI client: `@anthale/sdk/google`.
 *
 * @module @anthale/sdk/google
 */
import type { GenerateContentParameters, GoogleGenAI } from "@google/genai";
import {
  type CallOptions,
  Guard,
  type GuardOptions,
  linkedSignal,
  markGuarded,
} from "../shared/index.js";
import { generateContentAdapter as adapter } from "./generate-content-adapter.js";

export type { Decision, GuardOptions, StreamMode } from "../shared/public-types.js";
export { policyViolationOf } from "../shared/public-types.js";

/** Options of {@link guardGoogleGenAI}. */
export type GuardGoogleGenAIOptions = GuardOptions;

type Models = GoogleGenAI["models"];

function withSignal(params: GenerateContentParameters, signal: AbortSignal | undefined) {
  return signal ? { ...params, config: { ...params.config, abortSignal: signal } } : params;
}

/** The signal and timeout of a call, for its checks. */
function callOptions(params: GenerateContentParameters, signal?: AbortSignal): CallOptions {
  return {
    signal: signal ?? params.config?.abortSignal,
    timeout: params.config?.httpOptions?.timeout,
  };
}

/**
 * Guards a Google Gen AI client in place: `models.generateContent` and
 * `models.generateContentStream` check the system instruction and contents (text, function calls
 * and responses, code the model runs and its output) before the request, and the answer after it.
 * `block` throws `AnthalePolicyViolationError` (on input, before anything is sent); `redact`
 * rewrites the request or the answer. Returns the same client; guarding it again changes nothing.
 * The call's `config.abortSignal` and `config.httpOptions.timeout` apply to the checks too. With automatic
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
    const options = callOptions(params);
    const outcome = await guard.send({
      mapping: adapter.request(params),
      options,
      call: (payload, signal) => generate(withSignal(payload, signal)),
    });
    return guard.checkOutput(adapter.answer(outcome.response, outcome.messages), options);
  };

  models.generateContentStream = async (params) => {
    // Stops the provider's stream when the guarded one stops early.
    const controller = new AbortController();
    const options = callOptions(params, linkedSignal(params.config?.abortSignal, controller));
    const outcome = await guard.send({
      mapping: adapter.request(params),
      options,
      call: (payload, signal) => generateStream(withSignal(payload, signal)),
    });
    const reader = adapter.chunks();
    return guard.guardStream({
      source: outcome.response,
      read: reader.read,
      write: reader.write,
      context: outcome.messages,
      options,
      cancel: () => controller.abort(),
    });
  };
  return ai;
}
