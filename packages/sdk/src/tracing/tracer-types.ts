// The few parts of the OpenTelemetry tracing API the SDK uses, described by their shape so that
// `@opentelemetry/api` stays an optional peer: nothing here imports it, and an OpenTelemetry
// `Tracer` (from `trace.getTracer(...)`) fits `TracerLike` as it is.

/** A value OpenTelemetry accepts as a span attribute. */
export type SpanAttributeValue = string | number | boolean | string[];

/** Span attributes, by name. */
export type SpanAttributes = Record<string, SpanAttributeValue>;

/** OpenTelemetry's `SpanKind.CLIENT`: the span stands for a request to a remote service. */
export const SPAN_KIND_CLIENT = 2;

/** OpenTelemetry's `SpanStatusCode.ERROR`. */
export const SPAN_STATUS_ERROR = 2;

/** What the SDK records as an exception on a span: built by the SDK, never the error itself. */
export interface SpanException {
  /** The error's class name. */
  name: string;
  /** What went wrong, scrubbed (by default only the error's kind and status). */
  message: string;
  /** The stack frames, without the message line. */
  stack?: string;
}

/** The part of an OpenTelemetry `Span` the SDK uses. */
export interface SpanLike {
  /** Whether the span is recorded (false when no tracer provider is registered). */
  isRecording(): boolean;
  /** Sets one attribute. */
  setAttribute(key: string, value: SpanAttributeValue): unknown;
  /** Sets several attributes. */
  setAttributes(attributes: SpanAttributes): unknown;
  /** Adds an event (a retry) with its attributes. */
  addEvent(name: string, attributes?: SpanAttributes): unknown;
  /** Records an exception built by the SDK. */
  recordException(exception: SpanException): unknown;
  /** Sets the span's status (`code` 2 is an error). */
  setStatus(status: { code: number; message?: string }): unknown;
  /** Ends the span. */
  end(): void;
}

/** The options the SDK starts a span with. */
export interface SpanStartOptions {
  /** The span kind (2: client). */
  kind: number;
  /** The attributes known when the call starts. */
  attributes: SpanAttributes;
}

/**
 * The part of an OpenTelemetry `Tracer` the SDK uses: `startActiveSpan` makes the span the active
 * one while the request runs, so that spans made by a `fetch` instrumentation nest under it, and
 * the span itself is a child of whatever span was active when `enforce` was called.
 */
export interface TracerLike {
  /** Starts a span, makes it the active one while `fn` runs, and returns what `fn` returns. */
  startActiveSpan<F extends (span: SpanLike) => unknown>(
    name: string,
    options: SpanStartOptions,
    fn: F,
  ): ReturnType<F>;
}
