// Checks of options objects as a whole (no unknown or null option) and of the flag and `fetch`
// options, made when a client is built or a request is made.
import { AnthaleValidationError } from "../base/errors.js";
import type { FetchLike } from "../base/types.js";

/** An options object's own options, each one still to be checked by the caller. */
export type UncheckedOptions<T> = { readonly [K in keyof T]?: unknown };

/**
 * A snapshot of an options object's own properties, once they are known to be among `names`: an
 * option that does not exist (`baseUrl`) or is `null` is an `AnthaleValidationError`, so a
 * misspelt or blanked option is never silently replaced by its default. Inherited properties are
 * not read. Each value is still to be checked: the caller checks the ones it reads. `path` names
 * the object in errors (`options.tracing` for a nested one).
 */
export function checkOptions<T extends object>(
  options: unknown,
  names: readonly (keyof T & string)[],
  kind: string,
  path = "options",
): UncheckedOptions<T> {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new AnthaleValidationError(path, `must be an object of ${kind} options`);
  }
  const known: readonly string[] = names;
  const snapshot: Record<string, unknown> = {};
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      const near = known.find((option) => option.toLowerCase() === name.toLowerCase());
      throw new AnthaleValidationError(
        `${path}.${name}`,
        `is not a ${kind} option${near ? ` (did you mean ${near}?)` : ""}; the options are ${known.join(", ")}`,
      );
    }
    const value: unknown = Reflect.get(options, name);
    if (value === null) {
      throw new AnthaleValidationError(
        `${path}.${name}`,
        "must not be null (leave it out for the default)",
      );
    }
    snapshot[name] = value;
  }
  return snapshot;
}

/** Throws unless `value` is `true`, `false` or `undefined`; returns whether it is `true`. */
export function checkFlag(value: unknown, path: string): boolean {
  if (value !== undefined && typeof value !== "boolean") {
    throw new AnthaleValidationError(path, `must be true or false, got ${typeof value}`);
  }
  return value === true;
}

/**
 * Throws unless `value` is a function or `undefined`. Only its being a function can be checked
 * here: what it returns is checked on every call. It is called as a plain function, never as a
 * method of an SDK object, so a browser's own `fetch` works as given.
 */
export function checkFetch(value: unknown, path: string): FetchLike | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function") {
    throw new AnthaleValidationError(
      path,
      `must be a function called as fetch(url, init), got ${typeof value}`,
    );
  }
  return (url, init) => value(url, init);
}
