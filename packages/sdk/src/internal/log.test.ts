import { describe, expect, it, vi } from "vitest";
import { AnthaleValidationError } from "../core/errors.js";
import { createLog, type Logger, resolveLogLevel } from "./log.js";

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
  it("rejects an unknown level and says where it came from", () => {
    expect(() => resolveLogLevel("loud", undefined)).toThrow(AnthaleValidationError);
    expect(() => resolveLogLevel("loud", undefined)).toThrow(/options\.logLevel/);
    expect(() => resolveLogLevel(undefined, "verbose")).toThrow(/ANTHALE_LOG/);
  });
});
