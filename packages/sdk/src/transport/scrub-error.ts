import { APIError } from "../base/errors.js";
import { type Scrubber, scrubCause } from "../support/secrets.js";

/**
 * `error` with every secret the scrubber knows taken out of its message, headers, body and
 * `cause`: the error itself when it holds none, else a new error of the same class built from the
 * scrubbed parts.
 */
export function scrubAPIError<E extends APIError>(error: E, scrubber: Scrubber): E {
  const message = scrubber.text(error.message);
  const headers = scrubber.value(error.headers);
  const body = scrubber.value(error.body);
  const cause = scrubCause(error.cause, scrubber);
  if (
    message === error.message &&
    headers === error.headers &&
    body === error.body &&
    cause === error.cause
  ) {
    return error;
  }
  const ErrorClass = error.constructor as new (message: string, init: object) => E;
  return new ErrorClass(message, {
    status: error.status,
    headers,
    body,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** `error` scrubbed by {@link scrubAPIError} when it is an {@link APIError}; anything else as is. */
export function scrubThrown(error: unknown, scrubber: Scrubber): unknown {
  return error instanceof APIError ? scrubAPIError(error, scrubber) : error;
}
