import { describe, expect, it, vi } from "vitest";
import { AnthaleValidationError } from "../base/errors.js";
import { checkLogger, createLog, type Logger, resolveLogLevel } from "./log.js";
import { createScrubber } from "./secrets.js";

function recordingLogger() {
  const lines: [string, string][] = [];
  const logger: Logger = {
    error: (message) => lines.push(["error", message]),
    warn: (message) => lines.push(["warn", message]),
    info: (message) => lines.push(["info", message]),
    debug: (message) => lines.push(["debug", message]),
  };
  return { logger, lines };
}

describe("createLog", () => {
  it("keeps lines at or below the level, prefixed", () => {
    const { logger, lines } = recordingLogger();
    const log = createLog("warn", logger);
    log.error("e");
    log.warn("w");
    log.info("i");
    log.debug("d");
    expect(lines).toEqual([
      ["error", "[anthale] e"],
      ["warn", "[anthale] w"],
    ]);
  });
  it("logs nothing when off", () => {
    const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
    const log = createLog("off", logger);
    log.error("e");
    expect(logger.error).not.toHaveBeenCalled();
  });
});

describe("resolveLogLevel", () => {
  it("prefers the option, then the environment, then warn", () => {
    expect(resolveLogLevel("debug", "error")).toBe("debug");
    expect(resolveLogLevel(undefined, "error")).toBe("error");
    expect(resolveLogLevel(undefined, undefined)).toBe("warn");
  });
  it("reads a level in any case", () => {
    expect(resolveLogLevel(undefined, "DEBUG")).toBe("debug");
    expect(resolveLogLevel(undefined, "Warn")).toBe("warn");
    expect(resolveLogLevel("INFO", undefined)).toBe("info");
  });
  it("rejects an unknown level and says where it came from", () => {
    expect(() => resolveLogLevel("loud", undefined)).toThrow(AnthaleValidationError);
    expect(() => resolveLogLevel("loud", undefined)).toThrow(/options\.logLevel/);
    expect(() => resolveLogLevel(undefined, "verbose")).toThrow(/ANTHALE_LOG/);
  });
});

describe("createLog with a scrubber", () => {
  it("takes secrets out of every line and its details", () => {
    const { logger, lines } = recordingLogger();
    const details: unknown[] = [];
    logger.warn = (message, ...rest) => {
      lines.push(["warn", message]);
      details.push(...rest);
    };
    const log = createLog("debug", logger, createScrubber(["sk-live-77"]));
    log.warn("retrying after Bearer sk-live-77 was refused", { echoed: "sk-live-77" });
    expect(lines).toEqual([["warn", "[anthale] retrying after Bearer *** was refused"]]);
    expect(details).toEqual([{ echoed: "***" }]);
  });
});

describe("checkLogger", () => {
  it("accepts console and any object with the four methods", () => {
    expect(checkLogger(console, "options.logger")).toBe(console);
    const logger = { error() {}, warn() {}, info() {}, debug() {} };
    expect(checkLogger(logger, "options.logger")).toBe(logger);
  });
  it("refuses anything else, naming what is missing", () => {
    expect(() => checkLogger({}, "options.logger")).toThrow(AnthaleValidationError);
    expect(() => checkLogger({ error() {}, warn() {} }, "options.logger")).toThrow(
      /options\.logger.*missing info, debug/,
    );
    expect(() => checkLogger(null, "options.logger")).toThrow(/missing error, warn, info, debug/);
    expect(() => checkLogger("console", "options.logger")).toThrow(AnthaleValidationError);
  });
});
