// What each edge check must answer (see fixtures/edge/checks.mjs), and what the fake Anthale
// (edge/fake-anthale.mjs) must have received meanwhile.

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
 * The problems of one check's answer `body` (what the worker answered) and the `received` requests
 * (`{ direction, text }`, what the fake Anthale got meanwhile); none when the check passed.
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
  timeout: failedOnce("APIConnectionTimeoutError"),
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
    if (Object.values(attributes).some((value) => String(value).includes("please block"))) {
      problems.push("the message's text is on the span, which only traceContent allows");
    }
    return problems;
  },
  limits(body) {
    const problems = [];
    const expected = { redirect: "RedirectError", oversized: "ResponseTooLargeError" };
    for (const [answer, className] of Object.entries(expected)) {
      if (body[answer]?.expected !== true) {
        problems.push(`${answer}: not a ${className}: ${JSON.stringify(body[answer])}`);
      }
    }
    return problems;
  },
};
