import type {
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
   * Ask for per-guardrail evaluations. Defaults to `true`, which `redactedMessages` needs;
   * `false` makes responses smaller and leaves `redactedMessages` out.
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

/** What `enforce` resolves to: the response body plus what the SDK reads around it. */
export interface EnforceResult extends Omit<PolicyEnforcementResult, "action"> {
  /** The policy's decision: `allow`, `detect`, `redact` or `block`. */
  action: EnforceAction;
  /** The `Request-Id` response header, to quote to Anthale support. */
  requestId?: string;
  /** The rate-limit window, when the response carried the `RateLimit-*` headers. */
  rateLimit?: RateLimit;
  /**
   * On `redact`: the request's messages with every leaked span replaced by
   * `[REDACTED:<category>]`. Needs `includeEvaluations` (the default) unless the server sends it.
   */
  redactedMessages?: Message[];
}
