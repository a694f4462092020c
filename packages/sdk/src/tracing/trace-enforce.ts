// The span of one enforce call: started when the call's input is checked, as a CLIENT span child
// of the active span; told of each attempt and retry; ended with the decision (a block is a
// decision, not an error) or with the failure, recorded without secrets or content.
import type { EnforceResult } from "../base/types.js";
import type { Scrubber } from "../support/secrets.js";
import type { RetryNotice, SendObserver } from "../transport/send-request.js";
import { findGlobalTracer } from "./find-tracer.js";
import { describeForSpan, safeException } from "./safe-exception.js";
import {
  ENFORCE_SPAN_NAME,
  errorType,
  RETRY_EVENT_NAME,
  resultAttributes,
  SpanAttribute,
  serverText,
} from "./span-attributes.js";
import {
  SPAN_KIND_CLIENT,
  SPAN_STATUS_ERROR,
  type SpanAttributes,
  type SpanLike,
  type TracerLike,
} from "./tracer-types.js";
import type { TracingSettings } from "./tracing-options.js";

/** What the span of one enforce call is told about it before it is sent. */
export interface EnforceCall {
  /** The policy's identifier (checked). */
  policyId: string;
  /** The body about to be sent (checked): its direction, and with `traceContent` its messages and metadata. */
  body: { direction: string; messages: unknown; metadata?: unknown };
  /** The scrubber of the call, which masks the client's secrets in whatever goes on the span. */
  scrubber: Scrubber;
  /**
   * Whether the caller lets the messages go on unchecked when the call fails with `error`
   * (a `failMode: "open"` enforcer and an outage): the span then says so.
   */
  failsOpen(error: unknown): boolean;
}

/** Sends the call, telling `observer` (when there is a span) of its attempts and retries. */
export type SendTraced = (observer: SendObserver | undefined) => Promise<EnforceResult>;

/** The attributes the span starts with (those a sampler may read). */
function startAttributes(settings: TracingSettings, call: EnforceCall): SpanAttributes {
  return {
    [SpanAttribute.httpMethod]: "POST",
    [SpanAttribute.serverAddress]: settings.serverAddress,
    [SpanAttribute.serverPort]: settings.serverPort,
    [SpanAttribute.urlTemplate]: settings.urlTemplate,
    [SpanAttribute.policyId]: call.policyId,
    [SpanAttribute.direction]: call.body.direction,
  };
}

/**
 * A copy of `value` (a checked JSON value) whose every string, object keys included, has the
 * client's secrets masked by `scrubber`.
 */
function maskedCopy(value: unknown, scrubber: Scrubber): unknown {
  if (typeof value === "string") return scrubber.text(value);
  if (Array.isArray(value)) return value.map((item) => maskedCopy(item, scrubber));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [scrubber.text(key), maskedCopy(item, scrubber)]),
    );
  }
  return value;
}

/**
 * With `traceContent`: the messages and the metadata sent, as JSON, the client's secrets masked in
 * every string and every key. Each is masked before it is serialized: JSON escapes quotes and
 * backslashes, so a secret holding one would no longer be found in the serialized text.
 */
function contentAttributes({ body, scrubber }: EnforceCall): SpanAttributes {
  const masked = (value: unknown) => JSON.stringify(maskedCopy(value, scrubber));
  const attributes: SpanAttributes = { [SpanAttribute.messages]: masked(body.messages) };
  if (body.metadata !== undefined) attributes[SpanAttribute.metadata] = masked(body.metadata);
  return attributes;
}

/** Sends the call inside `span` and ends the span with the outcome. */
async function sendInSpan(
  span: SpanLike,
  settings: TracingSettings,
  call: EnforceCall,
  send: SendTraced,
): Promise<EnforceResult> {
  if (settings.traceContent) span.setAttributes(contentAttributes(call));
  let attempts = 0;
  // The status of the current attempt's answer; none while it is pending or when it got none.
  let status: number | undefined;
  const observer: SendObserver = {
    attempt(number) {
      attempts = number;
      status = undefined;
    },
    answered(answerStatus) {
      status = answerStatus;
    },
    retry({ attempt, delayMs, error }: RetryNotice) {
      span.addEvent(RETRY_EVENT_NAME, {
        [SpanAttribute.retryAttempt]: attempt,
        [SpanAttribute.retryReason]: errorType(error),
        [SpanAttribute.retryDelay]: Math.round(delayMs),
      });
    },
  };
  try {
    const result = await send(observer);
    span.setAttributes({
      ...resultAttributes(result, call.scrubber),
      [SpanAttribute.attempts]: attempts,
    });
    if (status !== undefined) span.setAttribute(SpanAttribute.httpStatus, status);
    return result;
  } catch (error) {
    const attributes: SpanAttributes = {
      [SpanAttribute.attempts]: attempts,
      [SpanAttribute.errorType]: errorType(error),
    };
    if (status !== undefined) attributes[SpanAttribute.httpStatus] = status;
    const requestId = serverText((error as { requestId?: unknown }).requestId, call.scrubber);
    if (requestId) attributes[SpanAttribute.requestId] = requestId;
    if (call.failsOpen(error)) attributes[SpanAttribute.failOpen] = true;
    span.setAttributes(attributes);
    span.recordException(safeException(error, call.scrubber, settings.traceContent));
    span.setStatus({ code: SPAN_STATUS_ERROR, message: describeForSpan(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** Starts the span and sends the call in it; a span that is not recorded is ended at once. */
function traceWith(
  tracer: TracerLike,
  settings: TracingSettings,
  call: EnforceCall,
  send: SendTraced,
): Promise<EnforceResult> {
  const options = { kind: SPAN_KIND_CLIENT, attributes: startAttributes(settings, call) };
  return tracer.startActiveSpan(ENFORCE_SPAN_NAME, options, (span: SpanLike) => {
    if (span.isRecording()) return sendInSpan(span, settings, call, send);
    span.end();
    return send(undefined);
  });
}

/**
 * Sends an enforce call (`send`) as the span `anthale.enforce` when tracing is on and a tracer is
 * found (the one given, or the global one), and plainly otherwise. With no tracer, `send` is
 * called at once: nothing is loaded, built or awaited besides it. The first traced call of a
 * process that looks for the global tracer waits for `@opentelemetry/api` to be loaded (or to
 * fail to load); later calls do not.
 */
export function traceEnforce(
  settings: TracingSettings | undefined,
  call: EnforceCall,
  send: SendTraced,
): Promise<EnforceResult> {
  if (!settings) return send(undefined);
  const found = settings.tracer ?? findGlobalTracer();
  if (found === undefined) return send(undefined);
  if (!(found instanceof Promise)) return traceWith(found, settings, call, send);
  return found.then((tracer) =>
    tracer ? traceWith(tracer, settings, call, send) : send(undefined),
  );
}
