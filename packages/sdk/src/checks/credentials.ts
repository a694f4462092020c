// Checks of the credentials and headers a client is configured with, made at construction (and
// for a request's own headers, when it is made) so a value that cannot be sent as it is fails at
// once, as an `AnthaleValidationError` that names where it came from and never quotes the value
// (it may be a secret).
import { AnthaleValidationError } from "../base/errors.js";

// A header name is an HTTP token.
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether a UTF-16 code unit is a C0 or C1 control character (or DEL). */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** The first character of `text` that `allowed` refuses, if any. */
function firstRefused(text: string, allowed: (code: number) => boolean): string | undefined {
  for (let i = 0; i < text.length; i++) {
    if (!allowed(text.charCodeAt(i))) return text[i];
  }
  return undefined;
}

// A header value: Latin-1 without control characters, tabs allowed (`fetch` refuses the rest).
const headerValueCharacter = (code: number) => code === 0x09 || (!isControl(code) && code <= 0xff);
// An API key: printable ASCII, no spaces.
const apiKeyCharacter = (code: number) => code > 0x20 && code < 0x7f;

function describeCharacter(character: string, range = "printable ASCII"): string {
  if (character === "\n" || character === "\r") return "a line break";
  if (/\s/.test(character)) return "whitespace";
  if (isControl(character.charCodeAt(0))) return "a control character";
  return `a character outside ${range}`;
}

/**
 * The API key, trimmed, when it is one: printable ASCII with no whitespace or control characters
 * inside. `source` names where it came from (`options.apiKey` or `ANTHALE_API_KEY`).
 */
export function checkApiKey(value: unknown, source: string): string {
  if (typeof value !== "string") {
    throw new AnthaleValidationError(source, `must be a string, got ${typeof value}`);
  }
  const key = value.trim();
  const bad = firstRefused(key, apiKeyCharacter);
  if (bad !== undefined) {
    throw new AnthaleValidationError(
      source,
      `must be printable ASCII with no whitespace or control characters, but it holds ${describeCharacter(bad)} (the key is not shown)`,
    );
  }
  return key;
}

// Headers that describe the connection or the body's framing: `fetch` sets them itself and
// refuses (or mishandles) a request that carries them, so they would fail every call.
const connectionHeaders = new Set([
  "connection",
  "content-length",
  "expect",
  "host",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Whether `value` is a plain object: made by `{}` or `Object.create(null)`. */
function hasPlainPrototype(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Checks headers given as options (`defaultHeaders`, or a request's `headers`): a plain object of
 * HTTP token names and string values of Latin-1 characters without line breaks or control
 * characters, none of them a header `fetch` manages itself. Returns a snapshot of the values as
 * checked (trimmed, as `fetch` sends them), so a getter cannot hand over another value later.
 * Values are never quoted in the error.
 */
export function checkHeaders(
  value: unknown,
  path: string,
): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || !hasPlainPrototype(value)) {
    throw new AnthaleValidationError(path, "must be a plain object of header names and values");
  }
  const snapshot: Record<string, string> = Object.create(null);
  for (const name of Object.keys(value)) {
    const at = `${path}[${JSON.stringify(name)}]`;
    if (!headerName.test(name)) {
      throw new AnthaleValidationError(at, "is not a valid HTTP header name");
    }
    if (connectionHeaders.has(name.toLowerCase())) {
      throw new AnthaleValidationError(at, "is set by fetch itself and cannot be given");
    }
    const header: unknown = Reflect.get(value, name);
    if (typeof header !== "string") {
      throw new AnthaleValidationError(at, `must be a string, got ${typeof header}`);
    }
    const bad = firstRefused(header, headerValueCharacter);
    if (bad !== undefined) {
      throw new AnthaleValidationError(
        at,
        `must hold no line breaks or control characters and only Latin-1 characters, but it holds ${describeCharacter(bad, "Latin-1")} (the value is not shown)`,
      );
    }
    snapshot[name] = header.trim();
  }
  return snapshot;
}
