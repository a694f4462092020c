// Every way a value can be turned into text that a user might print, log or ship to an error
// tracker; the API key must be absent from all of them.
import { inspect } from "node:util";

/** The renderings of `value` where a leaked key would show. */
export function renderings(value: unknown): Record<string, string> {
  const deep = { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true };
  const rendered: Record<string, string> = {
    inspect: inspect(value, deep),
    String: safely(() => String(value)),
    "JSON.stringify": safely(() => JSON.stringify(value) ?? ""),
  };
  if (value instanceof Error) {
    rendered.message = value.message;
    rendered.stack = value.stack ?? "";
    rendered.cause = inspect(value.cause, deep);
  }
  return rendered;
}

function safely(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return `<cannot render: ${(error as Error).message}>`;
  }
}

/** The names of the renderings of `value` that contain `secret`; empty when none leaks it. */
export function leaksOf(secret: string, value: unknown): string[] {
  return Object.entries(renderings(value))
    .filter(([, text]) => text.includes(secret))
    .map(([name]) => name);
}
