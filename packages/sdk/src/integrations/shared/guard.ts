import { AnthalePolicyViolationError } from "../../core/errors.js";
import { PolicyEnforcer } from "../../core/policy-enforcer.js";
import type { Direction, EnforceResult, Message, Metadata } from "../../core/types.js";
import { defaultWindowSize, type GuardOptions, type StreamMode } from "./options.js";
import type { PayloadMapping } from "./payload-mapping.js";
import { guardStream, type StreamGuardInit } from "./stream-guard.js";

/** How {@link Guard.guardStream} reads a provider's stream. */
export type GuardStreamInit<C> = Pick<
  StreamGuardInit<C>,
  "source" | "read" | "write" | "cancel"
> & {
  /** The conversation the provider answered. */
  context: Message[];
  /** Per-call metadata, merged over the options' metadata. */
  metadata?: Metadata | undefined;
};

/** What {@link Guard.send} resolves to. */
export interface SendOutcome<P, R> {
  /** The provider's answer. */
  response: R;
  /** The payload the provider answered (redacted on input `redact`). */
  payload: P;
  /** The conversation as the provider received it, for the output check. */
  messages: Message[];
}

/** How {@link Guard.send} calls the provider. */
export interface SendInit<P, R> {
  /** The payload mapped to Anthale messages. */
  mapping: PayloadMapping<P>;
  /** Calls the provider with `payload`; must stop when `signal` aborts. */
  call: (payload: P, signal: AbortSignal | undefined) => Promise<R>;
  /** The caller's own signal, if any. */
  signal?: AbortSignal | undefined;
  /** Per-call metadata, merged over the options' metadata. */
  metadata?: Metadata | undefined;
}

function abortQuietly(controller: AbortController, pending: Promise<unknown>): void {
  pending.catch(() => {});
  controller.abort();
}

/**
 * The policy side of an integration: one per guarded client or model, holding no state about any
 * call, so concurrent calls never see each other's messages.
 */
export class Guard {
  /** The framework name reported in decisions. */
  readonly provider: string;
  /** The enforcer every check goes through. */
  readonly enforcer: PolicyEnforcer;
  /** How streams are released. */
  readonly streamMode: StreamMode;
  /** Characters between checks in `"window"` mode. */
  readonly windowSize: number;
  /** Whether the provider call starts while the input check runs. */
  readonly parallelInput: boolean;
  readonly #onDecision: GuardOptions["onDecision"];

  constructor(options: GuardOptions, provider: string) {
    const { onDecision, stream, windowSize, parallelInput, ...enforcerOptions } = options;
    this.provider = provider;
    this.enforcer = new PolicyEnforcer(enforcerOptions);
    this.streamMode = stream ?? "buffer";
    if (!["buffer", "window", "passthrough"].includes(this.streamMode)) {
      throw new TypeError(`options.stream must be "buffer", "window" or "passthrough"`);
    }
    this.windowSize = windowSize ?? defaultWindowSize;
    if (!Number.isInteger(this.windowSize) || this.windowSize < 1) {
      throw new TypeError("options.windowSize must be a positive integer");
    }
    this.parallelInput = parallelInput === true;
    this.#onDecision = onDecision;
  }

  /**
   * Checks `messages` in one direction. Resolves to the result (`undefined` when there is no text
   * to check), reports every decision, and throws `AnthalePolicyViolationError` on block.
   */
  async check(
    direction: Direction,
    messages: Message[],
    metadata?: Metadata,
  ): Promise<EnforceResult | undefined> {
    if (messages.length === 0) return undefined;
    let result: EnforceResult;
    try {
      result = await this.enforcer.enforce({
        direction,
        messages,
        ...(metadata ? { metadata } : {}),
      });
    } catch (error) {
      if (error instanceof AnthalePolicyViolationError) this.#report(direction, error.result);
      throw error;
    }
    this.#report(direction, result);
    return result;
  }

  /**
   * Checks the input, then calls the provider with it (redacted on `redact`). With
   * `parallelInput`, the call starts at once and its answer is held until the check passes; it is
   * aborted on block, and sent again with the redacted payload on `redact`.
   */
  async send<P, R>(init: SendInit<P, R>): Promise<SendOutcome<P, R>> {
    const { mapping, call, signal, metadata } = init;
    if (!this.parallelInput) {
      const result = await this.check("input", mapping.messages, metadata);
      const payload = mapping.apply(result);
      const response = await call(payload, signal);
      return { response, payload, messages: mapping.messagesAfter(result) };
    }
    const controller = new AbortController();
    const early = call(
      mapping.root,
      signal ? AbortSignal.any([signal, controller.signal]) : controller.signal,
    );
    let result: EnforceResult | undefined;
    try {
      result = await this.check("input", mapping.messages, metadata);
    } catch (error) {
      abortQuietly(controller, early);
      throw error;
    }
    if (result?.action === "redact" && mapping.changes(result).length > 0) {
      abortQuietly(controller, early);
      const payload = mapping.apply(result);
      return {
        response: await call(payload, signal),
        payload,
        messages: mapping.messagesAfter(result),
      };
    }
    return { response: await early, payload: mapping.root, messages: mapping.messages };
  }

  /** Checks a whole (non-streamed) answer and returns it with redaction written in place. */
  async checkOutput<R>(mapping: PayloadMapping<R>, metadata?: Metadata): Promise<R> {
    if (!mapping.hasPieces) return mapping.root;
    const result = await this.check("output", mapping.messages, metadata);
    return mapping.apply(result);
  }

  /**
   * Checks a streamed answer as the options say (`stream`, `windowSize`): the conversation plus one
   * assistant message holding each channel's text as a block.
   */
  guardStream<C>(init: GuardStreamInit<C>): AsyncGenerator<C> {
    const { context, metadata, ...rest } = init;
    return guardStream({
      ...rest,
      mode: this.streamMode,
      windowSize: this.windowSize,
      check: (answer) => {
        const blocks = [...answer.values()]
          .filter((text) => text.length > 0)
          .map((text) => ({ type: "text" as const, text }));
        if (blocks.length === 0) return Promise.resolve(undefined);
        return this.check("output", [...context, { role: "assistant", content: blocks }], metadata);
      },
    });
  }

  #report(direction: Direction, result: EnforceResult): void {
    this.#onDecision?.({ direction, action: result.action, result, provider: this.provider });
  }
}
