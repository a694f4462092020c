import { describe, expect, it } from "vitest";
import { CliError } from "../config/cli-error.js";
import { parseDataset } from "./load-dataset.js";
import { readCsv } from "./read-csv.js";

describe("readCsv", () => {
  it("reads text and expected_action, with optional id and direction", () => {
    const text =
      'id,text,expected_action,direction\nq1,"Hello, world",allow,\nq2,"line one\nline two",block|redact,output\nq3,no expectation,,\n';
    const { cases, invalid } = readCsv(text);
    expect(invalid).toEqual([]);
    expect(cases).toEqual([
      {
        id: "q1",
        line: 2,
        direction: "input",
        messages: [{ role: "user", content: "Hello, world" }],
        expect: { action: ["allow"] },
      },
      {
        id: "q2",
        line: 3,
        direction: "output",
        messages: [{ role: "user", content: "line one\nline two" }],
        expect: { action: ["block", "redact"] },
      },
      {
        id: "q3",
        line: 5,
        direction: "input",
        messages: [{ role: "user", content: "no expectation" }],
        expect: {},
      },
    ]);
  });

  it("reports invalid records with their line, and keeps reading", () => {
    const text = "text,expected_action\nfine,allow\nbad,blok\nx,allow,extra\n,allow\nlast,block\n";
    const { cases, invalid } = readCsv(text);
    expect(cases.map((c) => c.line)).toEqual([2, 6]);
    expect(invalid.map((problem) => problem.line)).toEqual([3, 4, 5]);
    expect(invalid[0]?.problem).toContain('"blok"');
    expect(invalid[1]?.problem).toContain("not a valid CSV record");
    expect(invalid[2]?.problem).toContain("text must be a non-empty string");
  });

  it("refuses a header with a missing or unknown column", () => {
    expect(() => parseDataset("text\nhello\n", "d.csv")).toThrow(/no "expected_action" column/);
    expect(() => parseDataset("text,expected_action,expeted\nhello,allow,x\n", "d.csv")).toThrow(
      CliError,
    );
  });

  it("counts lines the same with CRLF line endings", () => {
    const { cases } = readCsv('text,expected_action\r\n"a\r\nb",allow\r\n\r\nc,block\r\n');
    expect(cases.map((c) => c.line)).toEqual([2, 5]);
  });
});
