// A Logger that keeps every line, formatted the way `console` would print it, so tests can read
// exactly what reached the log.
import { formatWithOptions } from "node:util";
import type { Logger } from "../../src/index.js";

/** One captured log line. */
export interface LogLine {
  level: keyof Logger;
  text: string;
}

/** A Logger that records every line instead of printing it. */
export function captureLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const record =
    (level: keyof Logger) =>
    (message: string, ...details: unknown[]) => {
      lines.push({
        level,
        text: formatWithOptions({ depth: Number.POSITIVE_INFINITY }, message, ...details),
      });
    };
  return {
    lines,
    error: record("error"),
    warn: record("warn"),
    info: record("info"),
    debug: record("debug"),
  };
}
