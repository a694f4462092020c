import { AnthaleValidationError } from "../core/errors.js";

/** How much the SDK logs, from nothing (`"off"`) to every request (`"debug"`). */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Where log lines go; `console` fits. Each method receives a message and optional details. */
export interface Logger {
  error(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
}

const rank: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Whether a value names a log level. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(rank, value);
}

/**
 * Picks the log level: the option, else `ANTHALE_LOG`, else `"warn"`.
 * An unknown level is an `AnthaleValidationError` naming where it came from.
 */
export function resolveLogLevel(option: unknown, fromEnv: string | undefined): LogLevel {
  if (option !== undefined) {
    if (!isLogLevel(option)) {
      throw new AnthaleValidationError(
        "options.logLevel",
        `must be one of ${Object.keys(rank).join(", ")}, got ${JSON.stringify(option)}`,
      );
    }
    return option;
  }
  if (fromEnv !== undefined) {
    if (!isLogLevel(fromEnv)) {
      throw new AnthaleValidationError(
        "ANTHALE_LOG",
        `must be one of ${Object.keys(rank).join(", ")}, got ${JSON.stringify(fromEnv)}`,
      );
    }
    return fromEnv;
  }
  return "warn";
}

const silent = () => {};

/** A logger that drops every line above `level` and prefixes the rest with `[anthale]`. */
export function createLog(level: LogLevel, logger: Logger): Logger {
  const at = (wanted: Exclude<LogLevel, "off">) =>
    rank[level] >= rank[wanted]
      ? (message: string, ...details: unknown[]) =>
          logger[wanted](`[anthale] ${message}`, ...details)
      : silent;
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}
