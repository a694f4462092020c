// Describing anything thrown or rejected with, for an error message, without ever throwing.

/**
 * A short description of anything thrown or rejected with, that never throws itself: a value
 * whose `message` getter throws, an object with no prototype, a symbol, a revoked proxy all get a
 * description instead of a second error.
 */
export function describeThrown(value: unknown): string {
  try {
    if (typeof value === "string") return value;
    if (value !== null && typeof value === "object") {
      const message = "message" in value ? value.message : undefined;
      if (typeof message === "string") return message;
      const shown = String(value);
      return shown === "[object Object]" ? "an object" : shown;
    }
    return String(value);
  } catch {
    return `a value that cannot be described (${typeof value})`;
  }
}
