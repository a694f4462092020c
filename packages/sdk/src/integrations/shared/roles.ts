// Mapping a framework's role names to the roles of the Anthale contract.
import type { MessageRole } from "../../base/types.js";

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
