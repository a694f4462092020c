import { describe, expect, it } from "vitest";
import {
  AnthaleError,
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  UnprocessableEntityError,
} from "../base/errors.js";
import { createScrubber } from "../support/secrets.js";
import type { AttemptResponse } from "./attempt.js";
import { MAX_RESULT_BYTES } from "./read-body.js";
import { errorFromResponse, responseFailure } from "./response-error.js";

const body = {
  error: {
    title: "Nope",
    machineCode: "NopeCode",
    message: "It did not work.",
    details: { field: "x" },
  },
};

describe("errorFromResponse", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [599, InternalServerError],
  ])("picks the subclass for %i", (status, ErrorClass) => {
    const error = errorFromResponse(status, body, { "request-id": "req-1" });
    expect(error.constructor).toBe(ErrorClass);
    expect(error).toBeInstanceOf(AnthaleError);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe("req-1");
    expect(error.title).toBe("Nope");
    expect(error.machineCode).toBe("NopeCode");
    expect(error.details).toEqual({ field: "x" });
    expect(error.message).toBe(`${status} It did not work. (request req-1)`);
  });

  it("falls back to APIError for other statuses and to the text of a non-JSON body", () => {
    const error = errorFromResponse(418, "I'm a teapot", {});
    expect(error.constructor).toBe(APIError);
    expect(error.message).toBe("418 I'm a teapot");
    expect(error.machineCode).toBeUndefined();
    expect(errorFromResponse(418, "x".repeat(201), {}).message).toBe(
      "418 status code with no error message",
    );
  });

  it("quotes the title when there is no message, on one line, at most 200 characters", () => {
    expect(errorFromResponse(400, { error: { title: "Bad\r\nforged: line" } }, {}).message).toBe(
      "400 Bad forged: line",
    );
    const long = errorFromResponse(400, { error: { message: "y".repeat(300) } }, {}).message;
    expect(long).toBe(`400 ${"y".repeat(200)}…`);
  });

  it("gives a 429 the wait the transport read, in whole seconds rounded up", () => {
    const error = errorFromResponse(429, body, { "retry-after": "ignored" }, 1_500);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(2);
    expect((errorFromResponse(429, body, {}, 0) as RateLimitError).retryAfter).toBe(0);
    expect((errorFromResponse(429, body, {}) as RateLimitError).retryAfter).toBeUndefined();
  });
});

/** A response as an attempt reads it. */
function response(overrides: Partial<AttemptResponse>): AttemptResponse {
  return {
    status: 200,
    headers: new Headers({ "content-type": "application/json" }),
    text: "{}",
    truncated: false,
    redirected: false,
    ...overrides,
  };
}

describe("responseFailure", () => {
  const scrubber = createScrubber(["ak_secret_key_1"]);

  it("finds no failure in a 2xx read in full", () => {
    for (const status of [200, 201, 299]) {
      expect(responseFailure(response({ status }), undefined, scrubber)).toBeUndefined();
    }
  });

  it("calls a redirect, followed or not, a RedirectError naming the target's origin only", () => {
    const headers = new Headers({ location: "https://elsewhere.example/steal?token=abc" });
    const refused = responseFailure(response({ status: 307, headers }), undefined, scrubber);
    expect(refused).toBeInstanceOf(RedirectError);
    expect(refused?.message).toContain("(307 to https://elsewhere.example)");
    expect(refused?.message).not.toContain("token");
    const followed = responseFailure(response({ redirected: true }), undefined, scrubber);
    expect(followed).toBeInstanceOf(RedirectError);
    expect(followed?.message).toContain("(followed by fetch)");
    const toAnError = responseFailure(response({ status: 503, redirected: true }), 0, scrubber);
    expect(toAnError).toBeInstanceOf(RedirectError);
  });

  it("calls a status below 200 a connection error", () => {
    expect(responseFailure(response({ status: 0 }), undefined, scrubber)).toBeInstanceOf(
      APIConnectionError,
    );
  });

  it("calls a 2xx over the limit a ResponseTooLargeError", () => {
    const error = responseFailure(response({ truncated: true }), undefined, scrubber);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error?.message).toContain(`${MAX_RESULT_BYTES} bytes`);
  });

  it("builds the error of any other status from the parsed body, with the wait given", () => {
    const error = responseFailure(
      response({ status: 429, text: JSON.stringify(body) }),
      3_000,
      scrubber,
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error?.body).toEqual(body);
    expect((error as RateLimitError).retryAfter).toBe(3);
    expect(responseFailure(response({ status: 502, text: "<html>" }), 0, scrubber)?.body).toBe(
      "<html>",
    );
  });

  it("drops the end of a cut error body, where a secret may have been cut through", () => {
    const error = responseFailure(
      response({ status: 500, text: "oops ak_secret", truncated: true }),
      undefined,
      scrubber,
    );
    expect(error?.body).toBe("");
  });
});
