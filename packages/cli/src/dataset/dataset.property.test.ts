import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvalCase } from "../eval/case-result.js";
import { ACTIONS } from "./case-checks.js";
import { BLOCK_TYPES, ROLES } from "./message-checks.js";
import { readCsv } from "./read-csv.js";
import { readJsonl } from "./read-jsonl.js";

const text = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
const message = fc.record({
  role: fc.constantFrom(...ROLES),
  content: fc.oneof(
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.array(
      fc.record({ type: fc.constantFrom(...BLOCK_TYPES), text: fc.string({ maxLength: 20 }) }),
      {
        maxLength: 3,
      },
    ),
  ),
});
const expectation = fc.record(
  {
    action: fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 4 }),
    guardrails: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.boolean(), {
      maxKeys: 3,
    }),
    redacted: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
/** A case as a dataset line holds it, with the EvalCase it must become (line set later). */
const caseLine = fc
  .record({
    input: fc.oneof(
      text.map((value) => ({ text: value })),
      fc.array(message, { minLength: 1, maxLength: 3 }).map((messages) => ({ messages })),
    ),
    direction: fc.option(fc.constantFrom("input" as const, "output" as const), { nil: undefined }),
    metadata: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })), {
      nil: undefined,
    }),
    expect: fc.option(expectation, { nil: undefined }),
  })
  .map(({ input, direction, metadata, expect }) => {
    const raw: Record<string, unknown> = { ...input };
    if (direction) raw.direction = direction;
    if (metadata) raw.metadata = metadata;
    if (expect) raw.expect = expect;
    return raw;
  });

/** A dataset: unique ids, blank lines in between, and where each case must land. */
const dataset = fc
  .array(fc.tuple(caseLine, fc.nat({ max: 2 })), { minLength: 1, maxLength: 15 })
  .map((entries) => {
    const lines: string[] = [];
    const expected: EvalCase[] = [];
    entries.forEach(([raw, blanks], index) => {
      for (let blank = 0; blank < blanks; blank++) lines.push(blank % 2 ? "   " : "");
      const id = `case-${index}`;
      lines.push(JSON.stringify({ id, ...raw }));
      const evalCase: EvalCase = {
        id,
        line: lines.length,
        direction: (raw.direction as EvalCase["direction"]) ?? "input",
        messages:
          typeof raw.text === "string"
            ? [{ role: "user", content: raw.text }]
            : (raw.messages as EvalCase["messages"]),
        expect: (raw.expect as EvalCase["expect"]) ?? {},
      };
      // As JSON carries it (-0 becomes 0).
      if (raw.metadata) evalCase.metadata = JSON.parse(JSON.stringify(raw.metadata));
      expected.push(evalCase);
    });
    return { lines, expected };
  });

const corruptions = [
  '{"id":"x",',
  '{"text":"x","expect":{"actions":"block"}}',
  '{"text":"x","expect":{"action":"maybe"}}',
  '{"messages":[{"content":"no role"}]}',
  '{"messages":[]}',
  '{"text":""}',
  '{"text":"x","direction":"sideways"}',
  '"just a string"',
  '{"text":"x","expect":{"redacted":[""]}}',
];

describe("the JSONL parser, on generated datasets", () => {
  it("reads every valid case back, with the line it is on", () => {
    fc.assert(
      fc.property(dataset, ({ lines, expected }) => {
        const parsed = readJsonl(lines.join("\n"));
        expect(parsed.invalid).toEqual([]);
        expect(parsed.cases).toEqual(expected);
      }),
    );
  });

  it("reports an invalid line at its number, and reads every other case unchanged", () => {
    fc.assert(
      fc.property(
        dataset,
        fc.nat(),
        fc.constantFrom(...corruptions),
        ({ lines, expected }, at, bad) => {
          const position = at % (lines.length + 1);
          const corrupted = [...lines.slice(0, position), bad, ...lines.slice(position)];
          const parsed = readJsonl(corrupted.join("\n"));
          expect(parsed.invalid.map((problem) => problem.line)).toEqual([position + 1]);
          const shifted = expected.map((evalCase) =>
            evalCase.line > position ? { ...evalCase, line: evalCase.line + 1 } : evalCase,
          );
          expect(parsed.cases).toEqual(shifted);
        },
      ),
    );
  });
});

/** A CSV field, quoted when it has to be. */
function csvField(value: string): string {
  return /[",\n\r]/.test(value) || value !== value.trim()
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

describe("the CSV parser, on generated datasets", () => {
  it("reads texts with commas, quotes and line breaks back, each at the line it starts on", () => {
    const csvText = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((value) => value.trim() !== "" && !value.includes("\r"));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(csvText, fc.uniqueArray(fc.constantFrom(...ACTIONS), { maxLength: 2 })), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.boolean(),
        (rows, crlf) => {
          let line = 2;
          const expected = rows.map(([value, actions]) => {
            const start = line;
            line += value.split("\n").length;
            return { line: start, text: value, actions };
          });
          const body = rows
            .map(([value, actions]) => `${csvField(value)},${actions.join("|")}`)
            .join("\n");
          let input = `text,expected_action\n${body}\n`;
          if (crlf) input = input.replaceAll("\n", "\r\n");
          const parsed = readCsv(input);
          expect(parsed.invalid).toEqual([]);
          expect(
            parsed.cases.map((evalCase) => ({
              line: evalCase.line,
              text: evalCase.messages[0]?.content,
              actions: evalCase.expect.action ?? [],
            })),
          ).toEqual(expected);
        },
      ),
    );
  });
});
