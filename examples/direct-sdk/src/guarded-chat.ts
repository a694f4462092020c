import type { Anthale, EnforceResult, Message, RequestOptions } from "@anthale/sdk";

/** The application's model: anything that turns a conversation into an answer. */
export type Model = (messages: Message[]) => Promise<string>;

/** What the application did with one conversation. */
export interface Outcome {
  /** Anthale's decision. */
  action: EnforceResult["action"];
  /** Whether the model was called. */
  modelCalled: boolean;
  /** On `redact`: whether the redaction could be applied (the model is not called otherwise). */
  redactionComplete?: boolean;
  /** The messages the model received, when it was called. */
  sentToModel?: Message[];
  /** The model's answer, when it was called. */
  answer?: string;
  /** The guardrails that flagged something. */
  flaggedBy: string[];
  /** Anthale's request identifier, for support. */
  requestId?: string | undefined;
}

/**
 * Handles one chat turn the way the direct SDK path is meant to be used: check the input, then
 * allow → call the model; detect → call the model and log; redact → call the model with the
 * redacted messages, or stop when the redaction could not be applied (never fall back to the
 * original messages); block (or anything else) → stop before the model.
 */
export async function guardedChat(
  client: Anthale,
  policyId: string,
  messages: Message[],
  model: Model,
  options?: RequestOptions,
): Promise<Outcome> {
  const result = await client.organizations.policies.enforce(
    policyId,
    { direction: "input", messages, metadata: { app: "direct-sdk-example" } },
    options,
  );
  const flaggedBy = (result.evaluations ?? [])
    .filter((evaluation) => evaluation.action !== "allow")
    .map((evaluation) => evaluation.guardrailKey);
  const base = { action: result.action, flaggedBy, requestId: result.requestId };
  const call = async (sentToModel: Message[]) => ({
    ...base,
    modelCalled: true,
    sentToModel,
    answer: await model(sentToModel),
  });
  switch (result.action) {
    case "allow":
    case "detect":
      return call(messages);
    case "redact": {
      // `redactedMessages` is there only when the redaction is complete (every flagged span found
      // and hidden). Without it, stop: never fall back to the original messages.
      const redacted = result.redaction?.complete ? result.redactedMessages : undefined;
      if (!redacted) return { ...base, modelCalled: false, redactionComplete: false };
      return { ...(await call(redacted)), redactionComplete: true };
    }
    default:
      return { ...base, modelCalled: false };
  }
}
