import { describe, expect, it } from "vitest";
import * as errors from "../base/errors.js";
import { APIError, AuthenticationError, RateLimitError } from "../base/errors.js";
import { createScrubber, MASK } from "../support/secrets.js";
import { scrubAPIError, scrubThrown } from "./scrub-error.js";

const key = "ak_live_scrub_0042";
const scrubber = createScrubber([key]);

/** Every API error class the SDK exports, with its exported name. */
const apiErrorClasses = Object.entries(errors).filter(
  (entry): entry is [string, typeof APIError] =>
    typeof entry[1] === "function" &&
    (entry[1] === APIError || entry[1].prototype instanceof APIError),
);

describe("scrubAPIError", () => {
  it("returns an error that holds no secret as it is", () => {
    const error = new AuthenticationError("401 nope", { status: 401, body: { a: 1 } });
    expect(scrubAPIError(error, scrubber)).toBe(error);
  });

  it("rebuilds every API error class as itself, with its secrets masked", () => {
    expect(apiErrorClasses).toHaveLength(15);
    for (const [name, ErrorClass] of apiErrorClasses) {
      const error = new ErrorClass(`quoted ${key}`, {
        status: 418,
        headers: { "x-echo": key, "request-id": "r-1" },
        body: { error: { title: `title ${key}`, machineCode: "Code" } },
        cause: new Error(`cause ${key}`),
      });
      const scrubbed = scrubAPIError(error, scrubber);
      expect(scrubbed.constructor, name).toBe(ErrorClass);
      expect(scrubbed.name).toBe(name);
      expect(scrubbed.message).toBe(`quoted ${MASK}`);
      expect(scrubbed.headers).toEqual({ "x-echo": MASK, "request-id": "r-1" });
      expect(scrubbed.requestId).toBe("r-1");
      expect(scrubbed.title).toBe(`title ${MASK}`);
      expect(scrubbed.machineCode).toBe("Code");
      expect(scrubbed.status).toBe(418);
      expect((scrubbed.cause as Error).message).toBe(`cause ${MASK}`);
    }
  });

  it("keeps the wait of a RateLimitError", () => {
    const error = new RateLimitError(`429 ${key}`, { status: 429, retryAfter: 5 });
    const scrubbed = scrubAPIError(error, scrubber);
    expect(scrubbed).not.toBe(error);
    expect(scrubbed).toBeInstanceOf(RateLimitError);
    expect((scrubbed as RateLimitError).retryAfter).toBe(5);
  });

  it("rebuilds an error of a class it does not know as a plain APIError, still scrubbed", () => {
    class ElsewhereError extends APIError {
      constructor(message: string, init: object, extra: number) {
        super(message, init);
        if (extra !== 1) throw new Error("built wrongly");
      }
    }
    const scrubbed = scrubAPIError(new ElsewhereError(`x ${key}`, {}, 1), scrubber);
    expect(scrubbed.constructor).toBe(APIError);
    expect(scrubbed.message).toBe(`x ${MASK}`);
  });
});

describe("scrubThrown", () => {
  it("scrubs an API error and passes anything else on as it is", () => {
    expect((scrubThrown(new APIError(key), scrubber) as Error).message).toBe(MASK);
    const other = new TypeError(key);
    expect(scrubThrown(other, scrubber)).toBe(other);
  });
});
