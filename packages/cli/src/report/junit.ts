// The JUnit XML of a run (`--junit`): one test case per dataset case, with a `<failure>` for a
// case that missed and an `<error>` for one that could not be evaluated, so CI systems show them
// natively. Written here rather than with junit-report-builder@5: that library puts failure
// details in CDATA sections and splits only the first `]]>` of a text, so a case text holding two
// of them gives invalid XML; it also brings lodash, make-dir and xmlbuilder into the command's
// dependencies for a few dozen lines of output. Every text is escaped instead, with no CDATA.
import type { CaseOutcome, RunResults } from "../eval/case-result.js";

/**
 * Characters XML 1.0 does not allow at all, even escaped: C0 controls other than tab, line feed
 * and carriage return, lone surrogates, U+FFFE and U+FFFF.
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters replaced.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text with every character XML cannot hold replaced by U+FFFD (�). */
function xmlChars(text: string): string {
  return String(text).replace(NOT_XML, "\ufffd");
}

/** Text content, escaped (`>` too, so `]]>` cannot appear). */
function escapeText(text: string): string {
  return xmlChars(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An attribute value for a double-quoted attribute; tabs and line breaks survive as references. */
function escapeAttribute(text: string): string {
  return escapeText(text)
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/** Attributes as ` name="value"` pairs. */
function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join("");
}

/** Milliseconds as JUnit's seconds, with millisecond precision. */
function seconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : "0.000";
}

/** The last part of a path, to name the suite after the dataset file. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** One `<testcase>`, with its failure or error. */
function testCase(outcome: CaseOutcome, className: string): string {
  const open = `    <testcase${attributes({ classname: className, name: outcome.id, time: seconds(outcome.latencyMs) })}`;
  if (outcome.status !== "done") {
    const message = outcome.error ?? "the case could not be evaluated";
    return `${open}>\n      <error${attributes({ message, type: "error" })}>${escapeText(message)}</error>\n    </testcase>`;
  }
  if (!outcome.passed) {
    const failures = outcome.failures.length > 0 ? outcome.failures : ["the case missed"];
    const details = [
      ...failures,
      `action: ${outcome.action ?? "(none)"}`,
      ...outcome.guardrails.map(
        (g) =>
          `guardrail ${g.key}: ${g.action}${g.score === undefined ? "" : ` (score ${g.score})`}`,
      ),
      ...(outcome.requestId === undefined ? [] : [`request id: ${outcome.requestId}`]),
    ];
    const message = failures[0] ?? "";
    return `${open}>\n      <failure${attributes({ message, type: "expectation" })}>${escapeText(details.join("\n"))}</failure>\n    </testcase>`;
  }
  return `${open}/>`;
}

/**
 * The run as JUnit XML: one `<testsuite>` named after the dataset file, one `<testcase>` per
 * case of the results (classname `anthale-eval.<direction>`, name the case id, time its latency),
 * a `<failure>` listing why a case missed, an `<error>` for a case that could not be evaluated.
 * The policy and whether the run completed are suite properties. Every dataset or server string
 * is escaped; characters XML cannot hold at all become U+FFFD. Cases an interrupted run did not
 * reach are absent.
 */
export function renderJunit(run: RunResults): string {
  const failures = run.cases.filter((c) => c.status === "done" && !c.passed).length;
  const errors = run.cases.filter((c) => c.status !== "done").length;
  const elapsed = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  const counts = { tests: run.cases.length, failures, errors, skipped: 0, time: seconds(elapsed) };
  const suiteName = baseName(run.dataset);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: "anthale eval", ...counts })}>`,
    `  <testsuite${attributes({ name: suiteName, ...counts, timestamp: run.startedAt })}>`,
    "    <properties>",
    `      <property${attributes({ name: "policy", value: run.policy })}/>`,
    `      <property${attributes({ name: "dataset", value: run.dataset })}/>`,
    `      <property${attributes({ name: "complete", value: String(run.complete) })}/>`,
    "    </properties>",
    ...run.cases.map((c) => testCase(c, `anthale-eval.${c.direction}`)),
    "  </testsuite>",
    "</testsuites>",
    "",
  ];
  return lines.join("\n");
}
