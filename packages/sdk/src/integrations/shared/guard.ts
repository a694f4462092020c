// The policy side of an integration: the Guard that checks a call's input and answer (whole or
// streamed) for one guarded client or model, with the caller's signal and timeout.
import { AnthalePolicyViolationError } from "../../base/errors.js";
import type {
  ContentBlock,
  Direction,
  EnforceResult,
  Message,
  Metadata,
  RequestOptions,
} from "../../base/types.js";
import { PolicyEnforcer } from "../../core/policy-enforcer.js";
import { checkGuardOptions, type GuardOptions, type GuardSettings } from "./options.js";
import type { PayloadMapping } from "./payload-mapping.js";
import { SpanMatcher, spansOf } from "./redaction.js";
import { guardStream, type StreamGuardInit } from "./stream-guard.js";

/**
 * What one call of the framework gives the checks it makes: the caller's signal (aborting it
 * aborts a pending check), the caller's per-call timeout, and per-call metadata.
 */
export interface CallOptions {
  /** The caller's signal, if any. */
  signal?: AbortSignal | undefined;
  /**
   * The caller's per-call timeout in milliseconds, if the framework has one: each attempt of a
   * check may take as long. Only a positive, finite number is passed on; any other value leaves
   * the Anthale client's own timeout in place.
   */
  timeout?: number | undefined;
  /** Per-call metadata, merged over the options' metadata. */
  metadata?: Metadata | undefined;
}

/** The request options of a check made for a call with `call`'s options. */
function requestOptions({ signal, timeout }: CallOptions): RequestOptions {
  const options: RequestOptions = {};
  if (signal) options.signal = signal;
  if (typeof timeout === "number" && timeout > 0 && Number.isFinite(timeout)) {
    options.timeout = timeout;
  }
  return options;
}

/** How {@link Guard.guardStream} reads a provider's stream. */
export type GuardStreamInit<C> = Pick<
  StreamGuardInit<C>,
  "source" | "read" | "write" | "cancel"
> & {
  /** The conversation the provider answered. */
  context: Message[];
  /** The call's signal, timeout and metadata. */
  options?: CallOptions | undefined;
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
  /** The call's signal, timeout and metadata. */
  options?: CallOptions | undefined;
}

/**
 * Whether a streamed answer (`answer`, one block per channel) can be redacted as the `redact`
 * result asks: a stream is redacted by hiding the flagged spans as its text is released, so there
 * must be spans, and when the server redacted the answer itself, hiding the spans must give exactly
 * its text (it hid nothing the spans do not cover).
 */
export function streamRedactable(result: EnforceResult, answer: readonly ContentBlock[]): boolean {
  const spans = spansOf(result);
  if (spans.length === 0) return false;
  if (result.redaction?.source !== "server") return true;
  const matcher = new SpanMatcher(spans);
  const redacted = result.redactedMessages?.at(-1)?.content;
  return (
    Array.isArray(redacted) &&
    redacted.length === answer.length &&
    answer.every((block, index) => redacted[index]?.text === matcher.redact(block.text).text)
  );
}

/**
 * The policy side of an integration: one per guarded client or model, holding no state about any
 * call, so concurrent calls never see each other's messages.
 */
export class Guard {
  readonly #provider: string;
  readonly #enforcer: PolicyEnforcer;
  readonly #settings: GuardSettings;

  /** Checks `options`: a wrong one throws `AnthaleValidationError` naming it. */
  constructor(options: GuardOptions, provider: string) {
    this.#settings = checkGuardOptions(options);
    this.#enforcer = new PolicyEnforcer(options);
    this.#provider = provider;
  }

  /**
   * Checks `messages` in one direction. Resolves to the result (`undefined` when there is no text
   * to check), reports every decision, and throws `AnthalePolicyViolationError` when the policy
   * stops the messages: on block, on an unknown action, and on a redaction that cannot be applied
   * (so a `redact` result always carries complete `redactedMessages`).
   */
  async check(
    direction: Direction,
    messages: Message[],
    options: CallOptions = {},
  ): Promise<EnforceResult | undefined> {
    if (messages.length === 0) return undefined;
    const report = (result: EnforceResult) =>
      this.#settings.onDecision?.({
        direction,
        action: result.action,
        result,
        provider: this.#provider,
      });
    try {
      const result = await this.#enforcer.enforce(
        { direction, messages, metadata: options.metadata },
        requestOptions(options),
      );
      report(result);
      return result;
    } catch (error) {
      if (error instanceof AnthalePolicyViolationError) report(error.result);
      throw error;
    }
  }

  /**
   * Checks the input, then calls the provider with it (redacted on `redact`). With
   * `parallelInput`, the call starts at once and its answer is held until the check passes; it is
   * aborted on block, and sent again with the redacted payload on `redact`.
   */
  async send<P, R>({ mapping, call, options = {} }: SendInit<P, R>): Promise<SendOutcome<P, R>> {
    if (this.#settings.parallelInput) return this.#sendAlongsideCheck(mapping, call, options);
    const result = await this.check("input", mapping.messages, options);
    const payload = mapping.apply(result);
    return {
      response: await call(payload, options.signal),
      payload,
      messages: mapping.messagesAfter(result),
    };
  }

  /**
   * `send` with `parallelInput`: the provider call starts with the input check; its answer stands
   * when the input goes unchanged, and is aborted and dropped otherwise.
   */
  async #sendAlongsideCheck<P, R>(
    mapping: PayloadMapping<P>,
    call: SendInit<P, R>["call"],
    options: CallOptions,
  ): Promise<SendOutcome<P, R>> {
    const { signal } = options;
    const controller = new AbortController();
    const early = call(mapping.root, linkedSignal(signal, controller));
    early.catch(() => {});
    const result = await this.check("input", mapping.messages, options).catch((error) => {
      controller.abort();
      throw error;
    });
    const payload = mapping.apply(result);
    if (payload === mapping.root) {
      return { response: await early, payload, messages: mapping.messagesAfter(result) };
    }
    controller.abort();
    return {
      response: await call(payload, signal),
      payload,
      messages: mapping.messagesAfter(result),
    };
  }

  /** Checks a whole (non-streamed) answer and returns it with redaction written in place. */
  async checkOutput<R>(mapping: PayloadMapping<R>, options: CallOptions = {}): Promise<R> {
    if (!mapping.hasPieces) return mapping.root;
    return mapping.apply(await this.check("output", mapping.messages, options));
  }

  /**
   * Checks a streamed answer as the options say (`stream`, `windowSize`, `firstWindowSize`): the
   * conversation plus one assistant message holding each channel's text as a block. A `redact`
   * result the stream cannot apply by hiding its spans (see {@link streamRedactable}) stops it like
   * a block. A pending check is aborted when the caller's signal aborts and when the stream stops
   * early.
   */
  guardStream<C>(init: GuardStreamInit<C>): AsyncGenerator<C> {
    const { source, read, write, context, options = {} } = init;
    const stopped = new AbortController();
    const checkOptions = { ...options, signal: linkedSignal(options.signal, stopped) };
    return guardStream({
      source,
      read,
      write,
      mode: this.#settings.mode,
      windowSize: this.#settings.windowSize,
      firstWindowSize: this.#settings.firstWindowSize,
      cancel: () => {
        stopped.abort();
        init.cancel?.();
      },
      check: (answer) => {
        const content = [...answer.values()]
          .filter((text) => text.length > 0)
          .map((text) => ({ type: "text" as const, text }));
        // No text at all: an empty conversation, which `check` skips.
        const messages: Message[] =
          content.length > 0 ? [...context, { role: "assistant", content }] : [];
        return this.check("output", messages, checkOptions).then((result) => {
          if (result?.action === "redact" && !streamRedactable(result, content)) {
            throw new AnthalePolicyViolationError("output", result, "incomplete-redaction");
          }
          return result;
        });
      },
    });
  }
}

/** A signal that aborts with `controller`, and with `signal` when there is one. */
export function linkedSignal(
  signal: AbortSignal | undefined,
  controller: AbortController,
): AbortSignal {
  return signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
}
