import type { MessageRole } from "../../core/types.js";

/** Anthale's role for a framework's role name (`developer` is a system prompt, `function` a tool). */
export function roleOf(role: unknown): MessageRole {
  switch (role) {
    case "system":
    case "developer":
      return "system";
    case "assistant":
    case "model":
    case "ai":
      return "assistant";
    case "tool":
    case "function":
      return "tool";
    default:
      return "user";
  }
}

/** `value` as an array (empty when it is not one). */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` as a record (empty when it is not an object). */
export function recordOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
