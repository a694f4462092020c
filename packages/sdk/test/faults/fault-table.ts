// Renders the fault cases and what each produced as a plain-text table for the test output.

/** One row of the table. */
export interface FaultRow {
  fault: string;
  expected: string;
  got: string;
  serverAttempts: number;
  wallMs: number;
  boundMs: number;
  passed: boolean;
}

/** The rows as an aligned table with a header. */
export function formatFaultTable(rows: readonly FaultRow[]): string {
  const header = ["fault", "expected", "got", "attempts", "wall ms", "bound ms", ""];
  const cells = rows.map((row) => [
    row.fault,
    row.expected,
    row.got,
    String(row.serverAttempts),
    String(Math.round(row.wallMs)),
    String(Math.round(row.boundMs)),
    row.passed ? "ok" : "FAILED",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)),
  );
  const render = (line: string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(" | ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("-+-");
  return [
    "Fault injection: what each fault becomes",
    render(header),
    rule,
    ...cells.map(render),
  ].join("\n");
}
