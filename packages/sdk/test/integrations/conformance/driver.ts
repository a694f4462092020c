// What the conformance suite needs to know about one integration: a driver that builds a guarded
// client over a fake model answering scripted text (see ../helpers/scripted-answer.ts), calls it
// streamed and not streamed, and reads the answer's text and what the model received.
import type { GuardOptions } from "../../../src/integrations/shared/index.js";

/** What one call carries besides its prompt. */
export interface CallInit {
  /** The caller's own signal, passed the way the framework takes it. */
  signal?: AbortSignal;
  /** Per-call metadata, for drivers whose integration takes it ({@link ConformanceDriver.perCallMetadata}). */
  metadata?: Record<string, string>;
  /** A system prompt, passed the way the framework takes it. */
  system?: string;
}

/** A guarded client (or model, or agent) of one integration. */
export interface GuardedCaller {
  /** One call, not streamed: resolves to the answer's text, rejects as the caller would see it. */
  call(prompt: string, init?: CallInit): Promise<string>;
  /**
   * One streamed call, when the integration streams: every text piece released to the caller goes
   * to `onText`, in order; resolves when the stream ends, rejects as the caller would see it fail.
   */
  stream?(prompt: string, onText: (text: string) => void, init?: CallInit): Promise<void>;
}

/** One integration, as the conformance suite drives it. */
export interface ConformanceDriver {
  /** The integration's name in test titles, such as "openai chat.completions". */
  readonly name: string;
  /** The `provider` its decisions report. */
  readonly provider: string;
  /** Whether its calls take per-call metadata. */
  readonly perCallMetadata: boolean;
  /** Whether it streams (then every {@link GuardedCaller} it builds has `stream`). */
  readonly streams: boolean;
  /** Starts the fake model side (once per test file). */
  start(): Promise<void>;
  /** Forgets what the fake model received (before each test). */
  reset(): void;
  /** Stops the fake model side. */
  close(): Promise<void>;
  /** What the model received, one entry per model call, serialized, in order. */
  modelInputs(): string[];
  /**
   * How many of the model's streams were stopped before their end. A prompt holding "HANG" makes
   * the fake model keep its stream open after its last piece, until it is stopped.
   */
  cancelledStreams(): number;
  /** A guarded caller over the fake model, built with `options`. */
  guarded(options: GuardOptions): GuardedCaller;
}
