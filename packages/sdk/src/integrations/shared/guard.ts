import { AnthalePolicyViolationError } from "../../base/errors.js";
import type {
  ContentBlock,
  Direction,
  EnforceResult,
  Message,
  Metadata,
} from "../../base/types.js";
import { PolicyEnforcer } from "../../core/policy-enforcer.js";
import { defaultWindowSize, type GuardOptions, type StreamMode } from "./options.js";
import type { PayloadMapping } from "./payload-mapping.js";
import { SpanMatcher, spansOf } from "./redaction.js";
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

const streamModes: readonly unknown[] = ["buffer", "window", "passthrough"];

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
  readonly #options: GuardOptions;
  // How streamed output is released: the `stream` and `windowSize` options, checked.
  readonly #release: { mode: StreamMode; windowSize: number };

  constructor(options: GuardOptions, provider: string) {
    const mode = options.stream ?? "buffer";
    const windowSize = options.windowSize ?? defaultWindowSize;
    if (!streamModes.includes(mode)) {
      throw new TypeError(`options.stream: must be "buffer", "window" or "passthrough"`);
    }
    if (!Number.isInteger(windowSize) || windowSize < 1) {
      throw new TypeError("options.windowSize: must be a positive integer");
    }
    this.#provider = provider;
    this.#enforcer = new PolicyEnforcer(options);
    this.#options = options;
    this.#release = { mode, windowSize };
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
    metadata?: Metadata,
  ): Promise<EnforceResult | undefined> {
    if (messages.length === 0) return undefined;
    const report = (result: EnforceResult) =>
      this.#options.onDecision?.({
        direction,
        action: result.action,
        result,
        provider: this.#provider,
      });
    try {
      const result = await this.#enforcer.enforce({ direction, messages, metadata });
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
  async send<P, R>({
    mapping,
    call,
    signal,
    metadata,
  }: SendInit<P, R>): Promise<SendOutcome<P, R>> {
    const controller = new AbortController();
    const early =
      this.#options.parallelInput && call(mapping.root, linkedSignal(signal, controller));
    if (early) early.catch(() => {});
    const result = await this.check("input", mapping.messages, metadata).catch((error) => {
      controller.abort();
      throw error;
    });
    const payload = mapping.apply(result);
    // The early answer stands when the input goes unchanged; otherwise it is dropped.
    const unchanged = early && payload === mapping.root;
    if (!unchanged) controller.abort();
    return {
      response: await (unchanged ? early : call(payload, signal)),
      payload,
      messages: mapping.messagesAfter(result),
    };
  }

  /** Checks a whole (non-streamed) answer and returns it with redaction written in place. */
  async checkOutput<R>(mapping: PayloadMapping<R>, metadata?: Metadata): Promise<R> {
    if (!mapping.hasPieces) return mapping.root;
    return mapping.apply(await this.check("output", mapping.messages, metadata));
  }

  /**
   * Checks a streamed answer as the options say (`stream`, `windowSize`): the conversation plus one
   * assistant message holding each channel's text as a block. A `redact` result the stream cannot
   * apply by hiding its spans (see {@link streamRedactable}) stops it like a block.
   */
  guardStream<C>(init: GuardStreamInit<C>): AsyncGenerator<C> {
    return guardStream({
      ...init,
      ...this.#release,
      check: (answer) => {
        const content = [...answer.values()]
          .filter((text) => text.length > 0)
          .map((text) => ({ type: "text" as const, text }));
        // No text at all: an empty conversation, which `check` skips.
        const messages: Message[] =
          content.length > 0 ? [...init.context, { role: "assistant", content }] : [];
        return this.check("output", messages, init.metadata).then((result) => {
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
