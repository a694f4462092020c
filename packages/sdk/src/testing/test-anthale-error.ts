// The error the testing kit raises when it cannot build an answer: a builder given a value the
// contract refuses, a span that occurs nowhere in the request, a `decide` that throws or returns
// something that is not an answer.

/**
 * A mistake in a test's use of the kit, never an answer of the API. A builder throws it at once for
 * a bad option; when it is found while answering (a `redact` span absent from the request, a
 * `decide` that throws), the test Anthale keeps it in `anthale.errors` and answers 400 with its
 * message, which the SDK throws as a `BadRequestError` in both fail modes, so a broken fake never
 * passes for an outage that `failMode: "open"` would let through. Its message never quotes a span.
 *
 * @example
 * ```ts
 * const anthale = createTestAnthale({ decide: () => redact({ span: "absent", category: "email" }) });
 * await expect(anthale.client.organizations.policies.enforce(testPolicyId, params)).rejects.toThrow(
 *   /occurs nowhere in the request/,
 * );
 * expect(anthale.errors[0]).toBeInstanceOf(TestAnthaleError);
 * ```
 */
export class TestAnthaleError extends Error {
  override name = "TestAnthaleError";
}
