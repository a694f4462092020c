import { readEnv } from "../internal/env.js";
import { mergeHeaders } from "../internal/headers.js";
import { createLog, type Logger, type LogLevel, resolveLogLevel } from "../internal/log.js";
import { type InternalClientOptions, readRetryDelayScale } from "../internal/retry-delay-scale.js";
import type { FetchLike } from "../internal/send-request.js";
import { checkMaxRetries, checkTimeout } from "../internal/validation.js";
import { AnthaleError, AnthaleValidationError } from "./errors.js";
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
  readonly headers: Readonly<Record<string, string>>;
  /** The headers no other header may replace: content negotiation and credentials. */
  readonly fixedHeaders: Readonly<Record<string, string>>;
  readonly log: Logger;
  /** Whether debug lines are wanted. */
  readonly debug: boolean;
  readonly fetch: FetchLike;
  /** Factor applied to every wait between attempts; 1 outside the fault and load suites. */
  readonly retryDelayScale: number;
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
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AnthaleValidationError(
      "options.baseURL",
      `must be an absolute http(s) URL, got ${JSON.stringify(value)}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new AnthaleValidationError(
      "options.baseURL",
      `must use https: (or http: on loopback), got ${url.protocol}`,
    );
  }
  if (url.protocol === "http:" && !loopbackHosts.test(url.hostname) && !allowInsecureHttp) {
    throw new AnthaleValidationError(
      "options.baseURL",
      `uses plain http: to ${url.hostname}, which would send the API key unencrypted. Use https:, or pass allowInsecureHttp: true if this really is what you want.`,
    );
  }
  return value.replace(/\/+$/, "");
}

function inBrowser(): boolean {
  const scope = globalThis as { window?: { document?: unknown }; document?: unknown };
  return typeof scope.window !== "undefined" && typeof scope.document !== "undefined";
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
  readonly organizations: { readonly policies: Policies };
  /** The base URL requests go to. */
  readonly baseURL: string;
  /** Milliseconds one attempt may take. */
  readonly timeout: number;
  /** How many times a retryable failure is retried. */
  readonly maxRetries: number;
  readonly #settings: ResolvedSettings;

  constructor(options: ClientOptions = {}) {
    if (inBrowser() && !options.dangerouslyAllowBrowser) {
      throw new AnthaleError(
        "Refusing to run in a browser: the API key would be readable by every visitor. Call Anthale from your server, or pass dangerouslyAllowBrowser: true if the key is meant to be public.",
      );
    }
    const apiKey = options.apiKey ?? readEnv("ANTHALE_API_KEY");
    if (typeof apiKey !== "string" || apiKey.trim().length === 0) {
      throw new AnthaleError(
        "No Anthale API key: set the ANTHALE_API_KEY environment variable, or pass it as new Anthale({ apiKey: '...' }).",
      );
    }
    this.baseURL = checkBaseURL(
      options.baseURL ?? readEnv("ANTHALE_BASE_URL") ?? DEFAULT_BASE_URL,
      options.allowInsecureHttp === true,
    );
    this.timeout = checkTimeout(options.timeout ?? 60_000, "options.timeout");
    this.maxRetries = checkMaxRetries(options.maxRetries ?? 2, "options.maxRetries");
    const logLevel = resolveLogLevel(options.logLevel, readEnv("ANTHALE_LOG"));
    const log = createLog(logLevel, options.logger ?? console);
    // Sent with every request; neither default nor per-request headers can replace them.
    const fixedHeaders = {
      accept: "application/json",
      "content-type": "application/json",
      authorization: `Bearer ${apiKey}`,
    };
    this.#settings = {
      baseURL: this.baseURL,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      headers: mergeHeaders(options.defaultHeaders, fixedHeaders),
      fixedHeaders,
      log,
      debug: logLevel === "debug",
      // Looked up at call time, so a fetch patched after construction (instrumentation) is used.
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      retryDelayScale: readRetryDelayScale(options as InternalClientOptions),
    };
    settingsByClient.set(this, this.#settings);
    this.organizations = { policies: new Policies(this.#settings) };
  }

  /** A short description that never includes the API key. */
  toString(): string {
    return `Anthale { baseURL: ${this.baseURL} }`;
  }
}
