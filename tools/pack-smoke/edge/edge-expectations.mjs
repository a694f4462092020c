// What each edge check must answer (see fixtures/edge/checks.mjs), and what the fake Anthale
// (edge/fake-anthale.mjs) must have received meanwhile.
import { testApiKey } from "@anthale/sdk/testing";

/** The checks, in the order they run; each is a path of the worker. */
export const edgeCheckNames = ["enforce", "timeout", "abort", "ai-stream", "tracing", "limits"];

const placeholderOf = (category) => `[REDACTED:${category}]`;

/** A problem when the fake received other than `count` requests. */
function countProblems(received, count) {
  return received.length === count
    ? []
    : [`the fake received ${received.length} requests, not ${count}`];
}

/** The expectation of a check whose one request must fail with the error class `className`. */
function failedOnce(className) {
  return (body, received) => [
    ...(body.expected === true ? [] : [`not an ${className}: ${body.name}`]),
    ...countProblems(received, 1),
  ];
}

/**
 * The problems of one check's answer `body` (what the worker answered), the `received` requests
 * (`{ direction, text }`, what the fake Anthale answered meanwhile) and the `floods` it sent
 * meanwhile (`{ written, closedByClient }`); none when the check passed.
 */
export const expectations = {
  enforce(body, received) {
    const problems = [];
    const expectedGuardrail = {
      allow: undefined,
      detect: "content-moderation",
      redact: "data-leakage-prevention",
      block: "prompt-injection-protection",
    };
    for (const [action, guardrail] of Object.entries(expectedGuardrail)) {
      const result = body[action];
      if (result?.action !== action) problems.push(`${action}: the action was ${result?.action}`);
      if (guardrail && !result?.guardrails?.includes(guardrail)) {
        problems.push(`${action}: ${guardrail} is not among the evaluations`);
      }
      if (!result?.requestId) problems.push(`${action}: no request id`);
    }
    const redacted = body.redact?.redactedMessages?.[0]?.content;
    if (redacted !== `please redact: call me on ${placeholderOf("phone")}`) {
      problems.push(`redact: the redacted message was ${JSON.stringify(redacted)}`);
    }
    problems.push(...countProblems(received, 4));
    return problems;
  },
  timeout(body, received) {
    const problems = failedOnce("APIConnectionTimeoutError")(body, received);
    // The client's own timeout is far longer: only the call's 200 ms can have ended it.
    if (!/\b200 ms\b/.test(body.message ?? "")) {
      problems.push(`the call's 200 ms timeout did not end it: ${body.message}`);
    }
    return problems;
  },
  abort: failedOnce("APIUserAbortError"),
  "ai-stream"(body, received) {
    const problems = [];
    const streams = {
      allow: { text: "The sky is blue today.", violation: false },
      redact: { text: `Call the desk on ${placeholderOf("phone")} any time.`, violation: false },
      block: { text: "", violation: true },
    };
    for (const [name, expected] of Object.entries(streams)) {
      const stream = body[name];
      if (stream?.text !== expected.text) {
        problems.push(`${name}: the application read ${JSON.stringify(stream?.text)}`);
      }
      const violations = (stream?.errors ?? []).filter((error) => error.expected).length;
      if (violations !== (expected.violation ? 1 : 0) || stream?.errors?.length !== violations) {
        problems.push(`${name}: the stream's errors were ${JSON.stringify(stream?.errors)}`);
      }
    }
    const directions = received.map((request) => request.direction).join(",");
    if (directions !== "input,output,input,output,input,output") {
      problems.push(
        `the fake received ${directions || "nothing"}, not an input and an output check per stream`,
      );
    }
    return problems;
  },
  tracing(body, received) {
    const problems = countProblems(received, 1);
    const spans = body.spans ?? [];
    if (spans.length !== 1 || spans[0].name !== "anthale.enforce") {
      return [...problems, `the spans were ${JSON.stringify(spans.map((span) => span.name))}`];
    }
    const [{ kind, attributes }] = spans;
    if (kind !== 2) problems.push(`the span's kind was ${kind}, not client (2)`);
    const expected = { "anthale.action": "block", "anthale.direction": "input" };
    for (const [name, value] of Object.entries(expected)) {
      if (attributes[name] !== value) {
        problems.push(`${name} was ${JSON.stringify(attributes[name])}, not ${value}`);
      }
    }
    const texts = Object.values(attributes).map(String);
    if (texts.some((text) => text.includes("please block"))) {
      problems.push("the message's text is on the span, which only traceContent allows");
    }
    if (texts.some((text) => text.includes(testApiKey)))
      problems.push("the API key is on the span");
    return problems;
  },
  limits(body, received, floods) {
    // Neither answer is the kit's: both come before it.
    const problems = countProblems(received, 0);
    // An answer over the limit is cut off as it arrives: the SDK stops reading and hangs up.
    if (floods.length !== 1 || !floods[0].ended || !floods[0].closedByClient) {
      problems.push(`the flood was not cut off by the client: ${JSON.stringify(floods)}`);
    }
    const expected = { redirect: "RedirectError", oversized: "ResponseTooLargeError" };
    for (const [answer, className] of Object.entries(expected)) {
      if (body[answer]?.expected !== true) {
        problems.push(`${answer}: not a ${className}: ${JSON.stringify(body[answer])}`);
      }
    }
    return problems;
  },
};
