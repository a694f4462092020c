// The SDK's logging: the log level (from the option or ANTHALE_LOG), the check of a custom logger,
// and the leveled, prefixed logger that scrubs every line of the client's secrets.
import { AnthaleValidationError } from "../base/errors.js";
import { checkOneOf } from "../checks/input-checks.js";
import type { Scrubber } from "./secrets.js";

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
const methods = ["error", "warn", "info", "debug"] as const;

/**
 * Picks the log level: the option, else `ANTHALE_LOG`, else `"warn"`; either may be written in any
 * case (`DEBUG`). An unknown level is an `AnthaleValidationError` naming where it came from.
 */
export function resolveLogLevel(option: unknown, fromEnv: string | undefined): LogLevel {
  const [path, value] =
    option === undefined ? ["ANTHALE_LOG", fromEnv ?? "warn"] : ["options.logLevel", option];
  return checkOneOf(path, typeof value === "string" ? value.toLowerCase() : value, levels);
}

/** The methods of a {@link Logger} that `value` lacks: all of them when it is not an object. */
function missingMethods(value: unknown): string[] {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    return [...methods];
  }
  return methods.filter((method) => typeof Reflect.get(value, method) !== "function");
}

/** Whether `value` is a {@link Logger}: an object with the four methods. */
function isLogger(value: unknown): value is Logger {
  return missingMethods(value).length === 0;
}

/** Throws unless `value` is a {@link Logger}: an object with the four methods. */
export function checkLogger(value: unknown, path: string): Logger {
  if (isLogger(value)) return value;
  throw new AnthaleValidationError(
    path,
    `must have error, warn, info and debug methods (such as console); missing ${missingMethods(value).join(", ")}`,
  );
}

const silent = () => {};

/**
 * A logger that drops every line above `level` and prefixes the rest with `[anthale]`. With a
 * `scrubber`, every line and every string detail is scrubbed of secrets on its way out. The
 * logger's methods are looked up once, here.
 */
export function createLog(level: LogLevel, logger: Logger, scrubber?: Scrubber): Logger {
  const at = (wanted: Exclude<LogLevel, "off">) => {
    if (levels.indexOf(level) < levels.indexOf(wanted)) return silent;
    const write = logger[wanted].bind(logger);
    return scrubber
      ? (message: string, ...details: unknown[]) =>
          write(
            scrubber.text(`[anthale] ${message}`),
            ...details.map((detail) => scrubber.value(detail)),
          )
      : (message: string, ...details: unknown[]) => write(`[anthale] ${message}`, ...details);
  };
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}
