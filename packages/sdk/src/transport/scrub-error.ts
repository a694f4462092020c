// Taking the client's secrets out of an `APIError` before it is logged or thrown: its message,
// headers, body and `cause`, rebuilt as an error of the same class when any of them held one.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  UnprocessableEntityError,
} from "../base/errors.js";
import { type Scrubber, scrubCause } from "../support/secrets.js";

// Every API error class but RateLimitError (rebuilt apart, with its wait): each is built as
// `new ErrorClass(message, init)`.
const errorClasses: readonly (typeof APIError)[] = [
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  InternalServerError,
  RedirectError,
  InvalidResponseError,
  ResponseTooLargeError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
];

/**
 * `error` with every secret the scrubber knows taken out of its message, headers, body and
 * `cause`: the error itself when it holds none, else a new error of the same class built from the
 * scrubbed parts (the fields read from the body and headers are read again from the scrubbed
 * ones). An error of a class the SDK does not define is rebuilt as a plain `APIError`.
 */
export function scrubAPIError(error: APIError, scrubber: Scrubber): APIError {
  const message = scrubber.text(error.message);
  const headers = scrubber.headers(error.headers);
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
  const init = { status: error.status, headers, body, cause };
  if (error instanceof RateLimitError) {
    return new RateLimitError(message, { ...init, retryAfter: error.retryAfter });
  }
  const ErrorClass = errorClasses.find((candidate) => candidate === error.constructor) ?? APIError;
  return new ErrorClass(message, init);
}

/** `error` scrubbed by {@link scrubAPIError} when it is an {@link APIError}; anything else as is. */
export function scrubThrown(error: unknown, scrubber: Scrubber): unknown {
  return error instanceof APIError ? scrubAPIError(error, scrubber) : error;
}
