// What is recorded on a span for an error: the kind of error and its status, and the stack frames
// (where in the code it was made), never the error's message, `cause`, headers or body, which may
// quote the conversation or the server's answer. With `traceContent`, the message is recorded
// too, scrubbed of the client's secrets like every error the SDK throws.
import { APIError } from "../base/errors.js";
import type { Scrubber } from "../support/secrets.js";
import { errorKind } from "./span-attributes.js";
import type { SpanException } from "./tracer-types.js";

/** A stack frame line of V8 (`    at fn (file:1:2)`), the only lines of a stack that are kept. */
const stackFrame = /^\s+at\s/;

/** What the span says about `error` without its message: its kind, and its status if any. */
export function describeForSpan(error: unknown): string {
  const status = error instanceof APIError ? error.status : undefined;
  return status === undefined ? errorKind(error) : `${errorKind(error)} (status ${status})`;
}

/**
 * The exception recorded on a span for `error`: its kind ({@link errorKind}) as `name`, the
 * description of {@link describeForSpan} as `message` (with `withMessage`, the error's own
 * message, scrubbed), and as `stack` that first line followed by the stack frames only.
 */
export function safeException(
  error: unknown,
  scrubber: Scrubber,
  withMessage: boolean,
): SpanException {
  const name = errorKind(error);
  const message =
    withMessage && error instanceof Error
      ? scrubber.text(`${describeForSpan(error)}: ${error.message}`)
      : describeForSpan(error);
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
  const frames = stack.split("\n").filter((line) => stackFrame.test(line));
  return {
    name,
    message,
    stack: scrubber.text([`${name}: ${message}`, ...frames].join("\n")),
  };
}
