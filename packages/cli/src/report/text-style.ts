// Tables for terminal text: text from a dataset or a results file made safe to print, and columns
// padded to line up (colours come from config/color.ts).
import type { Style, Styler } from "../config/color.js";
import { oneLine } from "../eval/one-line.js";

/** The most characters of one cell of a table. */
const MAX_CELL_LENGTH = 120;

/**
 * Text from a dataset or a results file, safe to print in a terminal: on one line, with no
 * control character (so no escape sequence can rewrite the screen) and cut to `maxLength`.
 */
export function safeText(text: string, maxLength = MAX_CELL_LENGTH): string {
  return oneLine(String(text), maxLength);
}

/** How many columns a text takes, counting code points (close enough for table padding). */
function width(text: string): number {
  return Array.from(text).length;
}

/** One cell: its plain text (for the width) and how to show it. */
export interface Cell {
  /** The text, already safe to print. */
  text: string;
  /** A style to apply to it. */
  style?: Style;
  /** Right-aligned (numbers) rather than left-aligned. */
  right?: boolean;
}

/** A cell from a string or a cell. */
function toCell(value: string | Cell): Cell {
  return typeof value === "string" ? { text: value } : value;
}

/**
 * A table as lines: a header row, a rule, then the rows, each column padded to its widest cell,
 * two spaces between columns, every line indented by `indent`.
 */
export function renderTable(
  header: (string | Cell)[],
  rows: (string | Cell)[][],
  style: Styler,
  indent = "  ",
): string[] {
  const all = [header, ...rows].map((row) => row.map(toCell));
  const widths = header.map((_, i) => Math.max(...all.map((row) => width(row[i]?.text ?? ""))));
  const line = (row: Cell[], bold: boolean) =>
    indent +
    row
      .map((cell, i) => {
        const pad = " ".repeat(Math.max(0, (widths[i] ?? 0) - width(cell.text)));
        const padded = cell.right ? pad + cell.text : cell.text + pad;
        if (bold) return style("bold", padded);
        return cell.style ? style(cell.style, padded) : padded;
      })
      .join("  ")
      .trimEnd();
  const [head = [], ...body] = all;
  const rule = indent + widths.map((w) => "-".repeat(w)).join("  ");
  return [line(head, true), rule, ...body.map((row) => line(row, false))];
}

/** A ratio as a fixed three-decimal number (`0.875`). */
export function formatRatio(value: number): string {
  return value.toFixed(3);
}

/** Milliseconds, rounded (`12 ms`). */
export function formatMs(value: number): string {
  return `${Math.round(value)} ms`;
}
