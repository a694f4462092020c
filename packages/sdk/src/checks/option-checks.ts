import { AnthaleValidationError } from "../base/errors.js";
import type { FetchLike } from "../base/types.js";

/**
 * A snapshot of an options object's own properties, once they are known to be among `names`: an
 * option that does not exist (`baseUrl`) or is `null` is an `AnthaleValidationError`, so a
 * misspelt or blanked option is never silently replaced by its default. Inherited properties are
 * not read.
 */
export function checkOptions<T extends object>(
  options: unknown,
  names: readonly (keyof T & string)[],
  kind: string,
): T {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new AnthaleValidationError("options", `must be an object of ${kind} options`);
  }
  const snapshot: Record<string, unknown> = {};
  for (const name of Object.keys(options)) {
    if (!names.includes(name as keyof T & string)) {
      const near = names.find((known) => known.toLowerCase() === name.toLowerCase());
      throw new AnthaleValidationError(
        `options.${name}`,
        `is not a ${kind} option${near ? ` (did you mean ${near}?)` : ""}; the options are ${names.join(", ")}`,
      );
    }
    const value = (options as Record<string, unknown>)[name];
    if (value === null) {
      throw new AnthaleValidationError(
        `options.${name}`,
        "must not be null (leave it out for the default)",
      );
    }
    snapshot[name] = value;
  }
  return snapshot as T;
}

/** Throws unless `value` is `true`, `false` or `undefined`; returns whether it is `true`. */
export function checkFlag(value: unknown, path: string): boolean {
  if (value !== undefined && typeof value !== "boolean") {
    throw new AnthaleValidationError(path, `must be true or false, got ${typeof value}`);
  }
  return value === true;
}

/** Throws unless `value` is a function or `undefined`. */
export function checkFetch(value: unknown, path: string): FetchLike | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new AnthaleValidationError(
      path,
      `must be a function called as fetch(url, init), got ${typeof value}`,
    );
  }
  return value as FetchLike | undefined;
}
