// The options every framework integration takes, and their checks.
import { AnthaleValidationError } from "../../base/errors.js";
import type { Direction, EnforceAction, EnforceResult } from "../../base/types.js";
import { checkFlag } from "../../checks/option-checks.js";
import type { PolicyEnforcerOptions } from "../../core/policy-enforcer.js";

/**
 * How a guarded stream releases the model's output:
 * - `"buffer"`: nothing until the whole output passed the policy (then redacted text);
 * - `"window"`: text once a check covering it passed (checks while the stream arrives, after
 *   windows of `firstWindowSize` characters, then twice as many each time, up to `windowSize`);
 * - `"passthrough"`: every chunk at once, checked at the end (a block then rejects the iteration;
 *   redaction cannot apply because the text was already released).
 */
export type StreamMode = "buffer" | "window" | "passthrough";

/** One policy decision, as reported to {@link GuardOptions.onDecision}. */
export interface Decision {
  /** `"input"` before the provider is called, `"output"` for its answer. */
  direction: Direction;
  /** The policy's action. */
  action: EnforceAction;
  /** The whole enforcement result. */
  result: EnforceResult;
  /** The framework that made the call, such as `"openai"` or `"ai-sdk"`. */
  provider: string;
}

/** Options shared by every framework integration. */
export interface GuardOptions extends PolicyEnforcerOptions {
  /** Called for every decision, including the ones that block. */
  onDecision?: (decision: Decision) => void;
  /** How streamed output is released. Default `"buffer"`. */
  stream?: StreamMode;
  /**
   * The largest window in `"window"` mode: characters read between the starts of two checks, at
   * most. Default 200.
   */
  windowSize?: number;
  /**
   * The first window in `"window"` mode: characters read before the first check starts; each
   * later window is twice the one before, up to `windowSize`. Default 32, or `windowSize` when that
   * is smaller; a value greater than `windowSize` is rejected.
   */
  firstWindowSize?: number;
  /**
   * Start the provider call while the input check runs, and hold its result until the check
   * passes. The provider sees the raw input even when the policy then blocks or redacts it: on
   * block the call is aborted, on redact it is sent again with the redacted input. Default `false`.
   */
  parallelInput?: boolean;
}

/** The window size used when {@link GuardOptions.windowSize} is not given. */
export const defaultWindowSize = 200;

/**
 * The first window used when {@link GuardOptions.firstWindowSize} is not given (or `windowSize`,
 * when that is smaller).
 */
export const defaultFirstWindowSize = 32;

/** The options that shape a guard's behaviour, checked (see {@link checkGuardOptions}). */
export interface GuardSettings {
  /** How streamed output is released. */
  mode: StreamMode;
  /** The largest window in `"window"` mode. */
  windowSize: number;
  /** The first window in `"window"` mode (at most `windowSize`). */
  firstWindowSize: number;
  /** Whether the provider call starts while the input check runs. */
  parallelInput: boolean;
  /** Called for every decision. */
  onDecision: ((decision: Decision) => void) | undefined;
}

const streamModes: readonly StreamMode[] = ["buffer", "window", "passthrough"];

/**
 * The integration's own options, checked: each wrong one throws `AnthaleValidationError` naming
 * it (`options.stream`, `options.windowSize`, `options.firstWindowSize`, `options.parallelInput`,
 * `options.onDecision`). A `firstWindowSize` greater than `windowSize` is rejected; left out, it
 * is 32 or `windowSize`, whichever is smaller.
 * The policy options (`policyId`, `client`...) are checked by `PolicyEnforcer`.
 */
export function checkGuardOptions(options: unknown): GuardSettings {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new AnthaleValidationError("options", "must be an object with at least policyId");
  }
  const { stream, windowSize, firstWindowSize, parallelInput, onDecision } =
    options as Partial<GuardOptions>;
  const mode = stream ?? "buffer";
  if (!streamModes.includes(mode)) {
    throw new AnthaleValidationError(
      "options.stream",
      'must be "buffer", "window" or "passthrough"',
    );
  }
  const size = windowSize ?? defaultWindowSize;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new AnthaleValidationError("options.windowSize", "must be a positive whole number");
  }
  const firstSize = firstWindowSize ?? Math.min(defaultFirstWindowSize, size);
  if (!Number.isSafeInteger(firstSize) || firstSize < 1) {
    throw new AnthaleValidationError("options.firstWindowSize", "must be a positive whole number");
  }
  if (firstSize > size) {
    throw new AnthaleValidationError(
      "options.firstWindowSize",
      `must not be greater than windowSize (${size})`,
    );
  }
  if (onDecision !== undefined && typeof onDecision !== "function") {
    throw new AnthaleValidationError("options.onDecision", "must be a function");
  }
  return {
    mode,
    windowSize: size,
    firstWindowSize: firstSize,
    parallelInput: checkFlag(parallelInput, "options.parallelInput"),
    onDecision,
  };
}
