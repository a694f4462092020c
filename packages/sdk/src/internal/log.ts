import { oneOf } from "./validation.js";

/** How much the SDK logs, from nothing (`"off"`) to every request (`"debug"`). */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Where log lines go; `console` fits. Each method receives a message and optional details. */
export interface Logger {
  error(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
}

// In order: a level logs the lines of its own rank and below.
const levels: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

/**
 * Picks the log level: the option, else `ANTHALE_LOG`, else `"warn"`.
 * An unknown level is an `AnthaleValidationError` naming where it came from.
 */
export function resolveLogLevel(option: unknown, fromEnv: string | undefined): LogLevel {
  return option === undefined
    ? oneOf("ANTHALE_LOG", fromEnv ?? "warn", levels)
    : oneOf("options.logLevel", option, levels);
}

const silent = () => {};

/** A logger that drops every line above `level` and prefixes the rest with `[anthale]`. */
export function createLog(level: LogLevel, logger: Logger): Logger {
  const at = (wanted: Exclude<LogLevel, "off">) =>
    levels.indexOf(level) >= levels.indexOf(wanted)
      ? (message: string, ...details: unknown[]) =>
          logger[wanted](`[anthale] ${message}`, ...details)
      : silent;
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}
