import fc from "fast-check";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { renderJunit } from "./junit.js";
import { doneCase, errorCase, run, verdict } from "./outcome-fixtures.test-support.js";

/** An element as parsed: its name, attributes, text and children. */
interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Element[];
}

/** Parses XML with a strict, well-formedness-checking parser; throws on any error. */
function parseXml(xml: string): Element {
  const parser = new SaxesParser();
  const root: Element = { name: "#document", attributes: {}, text: "", children: [] };
  const stack = [root];
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("opentag", (tag) => {
    const element: Element = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      text: "",
      children: [],
    };
    stack.at(-1)?.children.push(element);
    stack.push(element);
  });
  parser.on("text", (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on("cdata", (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.write(xml).close();
  const [document] = root.children;
  if (!document) throw new Error("no root element");
  return document;
}

/** The `<testcase>` elements of a parsed report. */
function testCases(document: Element): Element[] {
  return document.children.flatMap((suite) => suite.children.filter((c) => c.name === "testcase"));
}

const results = run([
  doneCase({ id: "benign-1", latencyMs: 120 }),
  doneCase({
    id: "inject-1",
    action: "allow",
    passed: false,
    failures: [
      'action: expected "block", got "allow"',
      "guardrail x: labelled, but not in the evaluations",
    ],
    guardrails: [verdict("prompt-injection-protection", "allow", 0.2)],
    requestId: "req-7",
    latencyMs: 250,
  }),
  errorCase("broken-1", { direction: "output", error: "Anthale answered 500", latencyMs: 30 }),
]);

describe("renderJunit", () => {
  it("writes one test case per case, failures and errors natively, with counts", () => {
    const document = parseXml(renderJunit(results));
    expect(document.name).toBe("testsuites");
    expect(document.attributes).toMatchObject({
      tests: "3",
      failures: "1",
      errors: "1",
      time: "5.000",
    });
    const [suite] = document.children;
    expect(suite?.attributes).toMatchObject({
      name: "cases.jsonl",
      tests: "3",
      failures: "1",
      errors: "1",
      skipped: "0",
      timestamp: "2026-11-29T10:00:00.000Z",
    });
    const properties = suite?.children.find((c) => c.name === "properties")?.children ?? [];
    expect(properties.map((p) => [p.attributes.name, p.attributes.value])).toEqual([
      ["policy", results.policy],
      ["dataset", "cases.jsonl"],
      ["complete", "true"],
    ]);
    const cases = testCases(document);
    expect(
      cases.map((c) => [c.attributes.name, c.attributes.classname, c.attributes.time]),
    ).toEqual([
      ["benign-1", "anthale-eval.input", "0.120"],
      ["inject-1", "anthale-eval.input", "0.250"],
      ["broken-1", "anthale-eval.output", "0.030"],
    ]);
    expect(cases[0]?.children).toEqual([]);
    const failure = cases[1]?.children[0];
    expect(failure?.name).toBe("failure");
    expect(failure?.attributes).toEqual({
      message: 'action: expected "block", got "allow"',
      type: "expectation",
    });
    expect(failure?.text).toBe(
      [
        'action: expected "block", got "allow"',
        "guardrail x: labelled, but not in the evaluations",
        "action: allow",
        "guardrail prompt-injection-protection: allow (score 0.2)",
        "request id: req-7",
      ].join("\n"),
    );
    const error = cases[2]?.children[0];
    expect(error?.name).toBe("error");
    expect(error?.attributes).toEqual({ message: "Anthale answered 500", type: "error" });
  });

  it("stays valid XML with hostile ids and texts, keeping what XML can hold", () => {
    const hostile = 'a]]>b]]>c <x y="z"> & \' "q" \t\r\n\u0000\u0001\u001b[31m \ud800 \ufffe end';
    const xml = renderJunit(
      run(
        [
          doneCase({ id: hostile, passed: false, failures: [hostile] }),
          errorCase(`${hostile}2`, { error: hostile }),
        ],
        { dataset: `dir/${hostile}.jsonl`, policy: hostile },
      ),
    );
    expect(xml).not.toContain("]]>");
    const cases = testCases(parseXml(xml));
    const kept = 'a]]>b]]>c <x y="z"> & \' "q" \t\r\n\ufffd\ufffd\ufffd[31m \ufffd \ufffd end';
    expect(cases[0]?.attributes.name).toBe(kept);
    expect(cases[0]?.children[0]?.attributes.message).toBe(kept);
    // Text content keeps the characters; the parser turns a carriage return + line feed into one.
    expect(cases[0]?.children[0]?.text.startsWith(kept.replace("\r\n", "\n"))).toBe(true);
    expect(cases[1]?.children[0]?.attributes.message).toBe(kept);
  });

  it("is well-formed XML for any ids and texts (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.string({ unit: "binary" }),
            failure: fc.string({ unit: "binary" }),
            error: fc.boolean(),
          }),
          { maxLength: 5 },
        ),
        fc.string({ unit: "binary" }),
        (entries, policy) => {
          const cases = entries.map(({ id, failure, error }) =>
            error
              ? errorCase(id, { error: failure })
              : doneCase({ id, passed: false, failures: [failure] }),
          );
          const document = parseXml(renderJunit(run(cases, { policy })));
          expect(testCases(document)).toHaveLength(entries.length);
        },
      ),
    );
  });
});
