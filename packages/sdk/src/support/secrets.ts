// The second line of defence for credentials: every error message, `cause`, error body and log
// line the SDK produces passes through a `Scrubber` that knows the client's secrets (the API key
// and the values of credential headers) and replaces them, and any `Bearer`/`Basic` credential,
// by `***`. The first line is refusing keys and header values that could not be sent as they are
// (see checks/credentials.ts), so nothing quotes them back.
import { describeThrown } from "./describe-thrown.js";

/** What replaces a secret. */
export const MASK = "***";

/** What replaces data nested deeper than a scrubber looks. */
const TOO_DEEP = "[nested too deep to show]";

/** How deep a scrubber looks into data and cause chains. */
const MAX_DEPTH = 32;

/** Shorter header values are not looked for in text (they would mask every "1" or "en"). */
const MIN_HEADER_SECRET_LENGTH = 4;

// Credentials in an Authorization-style value, whoever they belong to.
const authorizationValue = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;

// `\u0041`-style escapes, which a server may use to spell a secret in JSON text.
const unicodeEscape = /\\u([0-9a-fA-F]{4})/g;

/** Replaces known secrets (and any `Bearer`/`Basic` credential) in text and values. */
export interface Scrubber {
  /** `text` with every secret replaced by `***`. */
  text(text: string): string;
  /**
   * `text` that was cut short, scrubbed: besides {@link Scrubber.text}, its end is dropped when it
   * could be the start of a secret the cut went through.
   */
  truncatedText(text: string): string;
  /**
   * A copy of `value` (JSON-like data) whose strings are scrubbed, data nested too deep replaced
   * by a note; `value` itself when nothing changed.
   */
  value(value: unknown): unknown;
  /** A copy of `headers` whose values are scrubbed; `headers` itself when nothing changed. */
  headers(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>>;
  /** A scrubber that also knows `secrets`. */
  with(secrets: readonly string[]): Scrubber;
}

/**
 * A scrubber for the given secrets. Blank secrets are ignored; longer secrets are replaced first,
 * so a key inside a longer credential never leaves a piece of the credential behind.
 */
export function createScrubber(secrets: readonly string[]): Scrubber {
  const known = [...new Set(secrets.filter((secret) => secret.trim().length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  const longest = known[0]?.length ?? 0;
  const replaceKnown = (input: string): string => {
    let output = input;
    for (const secret of known) {
      if (output.includes(secret)) output = output.split(secret).join(MASK);
    }
    return output.replace(authorizationValue, `$1 ${MASK}`);
  };
  const text = (input: string): string => {
    const output = replaceKnown(input);
    if (!output.includes("\\u")) return output;
    // A secret spelt with escapes is found once they are read; only then is the text rewritten.
    const unescaped = output.replace(unicodeEscape, (_, code: string) =>
      String.fromCharCode(Number.parseInt(code, 16)),
    );
    const scrubbed = replaceKnown(unescaped);
    return scrubbed === unescaped ? output : scrubbed;
  };
  const value = (input: unknown, depth: number): unknown => {
    if (typeof input === "string") return text(input);
    if (input === null || typeof input !== "object") return input;
    if (depth >= MAX_DEPTH) return TOO_DEEP;
    if (Array.isArray(input)) {
      const items = input.map((item) => value(item, depth + 1));
      return items.every((item, index) => item === input[index]) ? input : items;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(input)) {
      const scrubbed = value(item, depth + 1);
      if (scrubbed !== item) {
        copy ??= { ...input };
        copy[key] = scrubbed;
      }
    }
    return copy ?? input;
  };
  const headers = (input: Readonly<Record<string, string>>): Readonly<Record<string, string>> => {
    let copy: Record<string, string> | undefined;
    for (const [name, header] of Object.entries(input)) {
      const scrubbed = text(header);
      if (scrubbed !== header) {
        copy ??= { ...input };
        copy[name] = scrubbed;
      }
    }
    return copy ?? input;
  };
  return {
    text,
    truncatedText: (input) => text(input.slice(0, Math.max(0, input.length - longest))),
    value: (input) => value(input, 0),
    headers,
    with: (more) => createScrubber([...known, ...more]),
  };
}

/**
 * The forms in which a credential header's value may come back: as configured, trimmed (as
 * `fetch` sends it), the credentials after an auth scheme (`Bearer <token>`), and for `Basic` the
 * decoded `user:password` and password. Values shorter than 4 characters are left out.
 */
export function secretForms(value: string): string[] {
  const trimmed = value.trim();
  const forms = [value, trimmed];
  const [, scheme, credentials] = /^(\S+)\s+(\S+)$/.exec(trimmed) ?? [];
  if (scheme !== undefined && credentials !== undefined) {
    forms.push(credentials);
    if (scheme.toLowerCase() === "basic") {
      try {
        const decoded = atob(credentials);
        forms.push(decoded, decoded.slice(decoded.indexOf(":") + 1));
      } catch {}
    }
  }
  return forms.filter((form) => form.trim().length >= MIN_HEADER_SECRET_LENGTH);
}

/** Whether `value` looks like an error (of any realm): it has a string `message`. */
function isErrorLike(value: unknown): value is { message: string } {
  try {
    return (
      value !== null &&
      typeof value === "object" &&
      "message" in value &&
      typeof value.message === "string"
    );
  } catch {
    return false;
  }
}

/** Reads `key` of `value` without letting a throwing getter escape. */
function readSafely(value: object, key: string): unknown {
  try {
    return Reflect.get(value, key);
  } catch {
    return undefined;
  }
}

/**
 * `cause` as it may leave the SDK. Errors from outside the SDK are never passed on as they are
 * (their other properties, such as a request config with headers, or nested errors, may quote a
 * secret): each becomes a plain `Error` with the scrubbed `name`, `message`, string `code`, stack,
 * `cause` and, for an `AggregateError`, `errors`. Plain data is scrubbed; anything else becomes
 * its scrubbed description.
 */
export function scrubCause(cause: unknown, scrubber: Scrubber, depth = 0): unknown {
  if (cause === undefined || cause === null) return cause;
  if (depth >= MAX_DEPTH / 4) return TOO_DEEP;
  if (typeof cause === "string") return scrubber.text(cause);
  if (typeof cause === "number" || typeof cause === "boolean") return cause;
  if (isErrorLike(cause)) {
    const copy = new Error(scrubber.text(cause.message));
    const name = readSafely(cause, "name");
    copy.name = typeof name === "string" ? scrubber.text(name) : "Error";
    const stack = readSafely(cause, "stack");
    copy.stack = typeof stack === "string" ? scrubber.text(stack) : `${copy.name}: ${copy.message}`;
    const code = readSafely(cause, "code");
    if (typeof code === "string") Object.assign(copy, { code: scrubber.text(code) });
    const inner = readSafely(cause, "cause");
    if (inner !== undefined) copy.cause = scrubCause(inner, scrubber, depth + 1);
    const errors = readSafely(cause, "errors");
    if (Array.isArray(errors)) {
      Object.assign(copy, {
        errors: errors.map((error) => scrubCause(error, scrubber, depth + 1)),
      });
    }
    return copy;
  }
  try {
    const prototype = typeof cause === "object" ? Object.getPrototypeOf(cause) : undefined;
    if (Array.isArray(cause) || prototype === Object.prototype || prototype === null) {
      return scrubber.value(cause);
    }
  } catch {
    // A proxy or getter that throws: described below instead.
  }
  return scrubber.text(describeThrown(cause));
}
