import type { AbortState, FetchLike } from "../internal/attempt.js";
import { readEnv } from "../internal/env.js";
import { mergeHeaders } from "../internal/headers.js";
import { createLog, type Logger, type LogLevel, resolveLogLevel } from "../internal/log.js";
import { checkMaxRetries, checkTimeout, invalid } from "../internal/validation.js";
import { AnthaleError } from "./errors.js";
import { Policies } from "./policies.js";

/** The Anthale API's production base URL. */
const DEFAULT_BASE_URL = "https://api.anthale.com";

/** Options of the {@link Anthale} client. Every one is optional. */
export interface ClientOptions {
  /** Organization API key. Defaults to `process.env.ANTHALE_API_KEY`. */
  apiKey?: string;
  /** Base URL of the API. Defaults to `process.env.ANTHALE_BASE_URL`, then `https://api.anthale.com`. */
  baseURL?: string;
  /** Milliseconds one attempt may take. Default 60000. */
  timeout?: number;
  /** How many times a retryable failure is retried. Default 2. */
  maxRetries?: number;
  /**
   * The `fetch` to send requests with, called as `fetch(url, init)`. Defaults to the global
   * `fetch`; pass your own for a proxy, custom agent or instrumentation.
   */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** What to log: `"off"`, `"error"`, `"warn"` (default), `"info"` or `"debug"`. Defaults to `ANTHALE_LOG`. */
  logLevel?: LogLevel;
  /** Where log lines go. Default `console`. */
  logger?: Logger;
  /** Allow a plain `http:` base URL to a host other than loopback (the key would travel unencrypted). */
  allowInsecureHttp?: boolean;
  /** Allow running in a browser, where end users could read the API key. */
  dangerouslyAllowBrowser?: boolean;
}

/** The settings a request needs, resolved once at construction. */
export interface ResolvedSettings {
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  /** Every request's headers (lower-cased names): defaults, then content type and credentials. */
  readonly headers: Record<string, string>;
  /** The headers no other header may replace: the content type and the credentials. */
  readonly fixedHeaders: Readonly<Record<string, string>>;
  readonly log: Logger;
  /** Whether debug lines are wanted. */
  readonly debug: boolean;
  readonly fetch: FetchLike;
  /** Whether attempts carry an abort signal, shared by every call of the client. */
  readonly state: AbortState;
}

const settingsByClient = new WeakMap<Anthale, ResolvedSettings>();

/**
 * The leveled, prefixed logger a client was built with, for the SDK's own modules (such as the
 * policy enforcer's fail-open warning). Not part of the public API.
 */
export function clientLog(client: Anthale): Logger {
  return settingsByClient.get(client)?.log ?? createLog("warn", console);
}

const loopbackHosts = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function checkBaseURL(value: string, allowInsecureHttp: boolean): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  const { protocol, hostname } = url ?? {};
  if (
    protocol !== "https:" &&
    !(protocol === "http:" && (allowInsecureHttp || loopbackHosts.test(hostname as string)))
  ) {
    throw invalid(
      "options.baseURL",
      "an absolute https: URL (http: only to loopback unless allowInsecureHttp is true, as the API key would travel unencrypted)",
      value,
    );
  }
  return value.replace(/\/+$/, "");
}

/**
 * The Anthale API client.
 *
 * @example
 * ```ts
 * import Anthale from "@anthale/sdk";
 *
 * const client = new Anthale(); // reads ANTHALE_API_KEY
 * const result = await client.organizations.policies.enforce(process.env.ANTHALE_POLICY_ID!, {
 *   direction: "input",
 *   messages: [{ role: "user", content: "What is the best season to visit Lisbon?" }],
 * });
 * if (result.action === "block") throw new Error("Blocked by policy");
 * ```
 */
export class Anthale {
  /** Organization-level resources. */
  declare readonly organizations: { readonly policies: Policies };
  /** The base URL requests go to. */
  declare readonly baseURL: string;
  /** Milliseconds one attempt may take. */
  declare readonly timeout: number;
  /** How many times a retryable failure is retried. */
  declare readonly maxRetries: number;

  constructor(options: ClientOptions = {}) {
    const scope = globalThis as { window?: unknown; document?: unknown };
    if (scope.window && scope.document && !options.dangerouslyAllowBrowser) {
      throw new AnthaleError(
        "Refusing to run in a browser, where every visitor could read the API key. Call Anthale from a server, or pass dangerouslyAllowBrowser: true if the key is meant to be public.",
      );
    }
    const apiKey = options.apiKey ?? readEnv("ANTHALE_API_KEY");
    if (typeof apiKey !== "string" || !apiKey.trim()) {
      throw new AnthaleError(
        "No Anthale API key: set ANTHALE_API_KEY, or pass new Anthale({ apiKey: '...' }).",
      );
    }
    this.baseURL = checkBaseURL(
      options.baseURL ?? readEnv("ANTHALE_BASE_URL") ?? DEFAULT_BASE_URL,
      options.allowInsecureHttp === true,
    );
    this.timeout = checkTimeout(options.timeout ?? 60_000, "options.timeout");
    this.maxRetries = checkMaxRetries(options.maxRetries ?? 2, "options.maxRetries");
    const logLevel = resolveLogLevel(options.logLevel, readEnv("ANTHALE_LOG"));
    // Sent with every request; neither default nor per-request headers can replace them. No
    // `accept` header: answers are JSON anyway, and each header costs on both ends of every call.
    const fixedHeaders = {
      "content-type": "application/json",
      authorization: `Bearer ${apiKey}`,
    };
    const settings: ResolvedSettings = {
      baseURL: this.baseURL,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      headers: mergeHeaders(options.defaultHeaders, fixedHeaders),
      fixedHeaders,
      log: createLog(logLevel, options.logger ?? console),
      debug: logLevel === "debug",
      // Looked up at call time, so a fetch patched after construction (instrumentation) is used.
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      state: { abortableUntil: 0 },
    };
    settingsByClient.set(this, settings);
    this.organizations = { policies: new Policies(settings) };
  }

  /** A short description that never includes the API key. */
  toString(): string {
    return `Anthale { baseURL: ${this.baseURL} }`;
  }
}
