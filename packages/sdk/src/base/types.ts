// The SDK's public types: enforce parameters, messages and content blocks, results and their
// redaction report, request options. Built on the types generated from the contract.
import type {
  DataLeakageThread,
  PolicyEnforcementMessageRole,
  PolicyEnforcementMessageType,
  PolicyEnforcementResult,
  PolicyEnforcementResultAction,
  PolicyGuardrailDirection,
} from "@anthale/client";

/** `"input"` for messages on their way to the model, `"output"` for the model's answer. */
export type Direction = PolicyGuardrailDirection;

/** Role of a message: `"system"`, `"user"`, `"assistant"` or `"tool"`. */
export type MessageRole = PolicyEnforcementMessageRole;

/** Kind of a content block: `"text"`, `"document"`, `"image"`, `"audio"` or `"video"`. */
export type ContentBlockType = PolicyEnforcementMessageType;

/** One typed block of a message's content. */
export interface ContentBlock {
  /** Kind of the block. */
  type: ContentBlockType;
  /** Text of the block. */
  text: string;
}

/** One message of the conversation to check. */
export interface Message {
  /** Who wrote the message. */
  role: MessageRole;
  /** The text, as one string or as ordered blocks. */
  content: string | ContentBlock[];
}

/** Free-form context forwarded to the guardrails (tenant, user, conversation...). */
export type Metadata = Record<string, unknown>;

/** Parameters of `client.organizations.policies.enforce`. */
export interface EnforceParams {
  /** Which side of the model the messages are on. */
  direction: Direction;
  /** The conversation, in order; at least one message. */
  messages: Message[];
  /** Context for tracing and investigation; must be JSON-serializable. */
  metadata?: Metadata;
  /**
   * Ask for per-guardrail evaluations. Defaults to `true`, which redaction needs: the flagged spans
   * come from them. With `false`, a `redact` result can only be applied when the server sends
   * `redactedMessages` itself; otherwise its `redaction` is incomplete (see
   * {@link EnforceResult.redaction}).
   */
  includeEvaluations?: boolean;
}

/** Per-request overrides of the client's options. */
export interface RequestOptions {
  /** Aborts the request (and any retry) when it fires; the call rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Milliseconds an attempt may take before it fails with `APIConnectionTimeoutError`. */
  timeout?: number;
  /** How many times to retry a retryable failure. */
  maxRetries?: number;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
}

/** The four actions this SDK knows, as the contract defines them. */
export type KnownAction = PolicyEnforcementResultAction;

/**
 * The policy's action. A future API may add actions: any other string is passed through by
 * `enforce` and treated as `block` by `PolicyEnforcer` and the integrations.
 */
export type EnforceAction = KnownAction | (string & {});

/** The rate-limit window, from the `RateLimit-*` response headers. */
export interface RateLimit {
  /** Requests allowed in the window. */
  limit: number;
  /** Requests left in the window. */
  remaining: number;
  /** Seconds until the window starts over. */
  reset: number;
}

/**
 * Why a redaction could not be applied:
 * - `"no-spans"`: the result names no span to hide (another guardrail asked for `redact`, or
 *   evaluations were turned off) and the server sent no usable `redactedMessages`;
 * - `"unmatched-spans"`: a flagged span occurs nowhere in the messages sent (not even once both are
 *   NFC-normalized), so the SDK cannot tell what to hide;
 * - `"span-not-in-message"`: a flagged span does not occur in the message its thread names (a
 *   valid message index), though it may occur elsewhere, so what the guardrail saw there is not
 *   what the SDK can hide (the threads concerned are listed in `unmatched` too);
 * - `"malformed-threads"`: a data-leakage thread has no usable span (missing, empty or not a
 *   string), or a data-leakage evaluation's `threads` is not a list, so part of what was flagged
 *   cannot be known;
 * - `"other-guardrail"`: a guardrail other than data-leakage prevention asked for `redact`, which
 *   the SDK can only carry out through valid `redactedMessages` from the server;
 * - `"too-many-spans"`: the result flags more threads, or more span text, than the SDK redacts
 *   (`maxRedactionThreads`, `maxRedactionSpanLength`), so it is not redacted at all.
 */
export type RedactionProblem =
  | "no-spans"
  | "unmatched-spans"
  | "span-not-in-message"
  | "malformed-threads"
  | "other-guardrail"
  | "too-many-spans";

/**
 * How the redaction of a `redact` result went. It is `complete` when every span flagged by the
 * data-leakage guardrail was found in the messages sent and hidden, in every message and content
 * block, and there was something to hide by (at least one span, or valid `redactedMessages` from
 * the server). Only then is `redactedMessages` present.
 */
export interface RedactionReport {
  /** Whether the redaction could be applied in full; `redactedMessages` is present only then. */
  complete: boolean;
  /**
   * Where the redacted messages come from: `"server"` when the server sent valid
   * `redactedMessages` (the flagged spans are then hidden in them too, in case one was left in
   * place), `"spans"` when the SDK computed them from the flagged spans.
   */
  source: "server" | "spans";
  /**
   * The data-leakage threads whose span occurs nowhere in the messages sent, or not in the
   * message they name.
   */
  unmatched: DataLeakageThread[];
  /** Why the redaction is incomplete; absent when it is complete. */
  problem?: RedactionProblem;
}

/** What `enforce` resolves to: the response body plus what the SDK reads around it. */
export interface EnforceResult extends Omit<PolicyEnforcementResult, "action"> {
  /** The policy's decision: `allow`, `detect`, `redact` or `block`. */
  action: EnforceAction;
  /** The `Request-Id` response header, to quote to Anthale support. */
  requestId?: string;
  /** The rate-limit window, when the response carried the `RateLimit-*` headers. */
  rateLimit?: RateLimit;
  /**
   * On `redact`, when the redaction is complete (`redaction.complete`): the request's messages
   * with every occurrence of every flagged span hidden by a placeholder (`[REDACTED:<category>]`),
   * in every message and content block, whatever message the guardrail pointed at. Safe to forward
   * when present; absent on any other action and whenever the redaction is incomplete, so never
   * fall back to the original messages when it is missing.
   */
  redactedMessages?: Message[];
  /** On `redact` (and only then): how the redaction went. See {@link RedactionReport}. */
  redaction?: RedactionReport;
}

/** The `fetch` the SDK sends with: the global one, or any function with its signature. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
