import type { Direction, EnforceAction, EnforceResult } from "../../base/types.js";
import type { PolicyEnforcerOptions } from "../../core/policy-enforcer.js";

/**
 * How a guarded stream releases the model's output:
 * - `"buffer"`: nothing until the whole output passed the policy (then redacted text);
 * - `"window"`: text once a check covering it passed (a check every `windowSize` characters);
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
  /** Characters between two checks in `"window"` mode. Default 200. */
  windowSize?: number;
  /**
   * Start the provider call while the input check runs, and hold its result until the check
   * passes. The provider sees the raw input even when the policy then blocks or redacts it: on
   * block the call is aborted, on redact it is sent again with the redacted input. Default `false`.
   */
  parallelInput?: boolean;
}

/** The window size used when {@link GuardOptions.windowSize} is not given. */
export const defaultWindowSize = 200;
