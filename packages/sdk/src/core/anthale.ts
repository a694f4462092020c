// The Anthale client: checks its options once, at construction (API key, base URL, timeouts,
// headers, fetch, logging), and holds the settings every request of the client is sent with.
import { DEFAULT_BASE_URL } from "@anthale/client/contract";
import { AnthaleError } from "../base/errors.js";
import { checkBaseURL } from "../checks/base-url.js";
import { checkApiKey, checkHeaders } from "../checks/credentials.js";
import { checkMaxRetries, checkTimeout } from "../checks/input-checks.js";
import { checkFetch, checkFlag, checkOptions } from "../checks/option-checks.js";
import { readEnv } from "../support/env.js";
import {
  checkLogger,
  createLog,
  type Logger,
  type LogLevel,
  resolveLogLevel,
} from "../support/log.js";
import { createScrubber } from "../support/secrets.js";
import { checkTracing, type TracingOptions } from "../tracing/tracing-options.js";
import { mergeHeaders, sensitiveValues } from "../transport/headers.js";
import { Policies } from "./policies.js";
import type { ResolvedSettings } from "./settings.js";

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
  /**
   * OpenTelemetry tracing of `enforce` calls. By default (`true`), when the application has
   * `@opentelemetry/api` installed and a tracer provider registered, every call is a CLIENT span
   * named `anthale.enforce`, a child of the active span, carrying no message content and no
   * metadata value. `false` turns it off; an object picks the tracer or puts the content on the
   * spans (see {@link TracingOptions}).
   */
  tracing?: boolean | TracingOptions;
}

const clientOptionNames: readonly (keyof ClientOptions)[] = [
  "apiKey",
  "baseURL",
  "timeout",
  "maxRetries",
  "fetch",
  "defaultHeaders",
  "logLevel",
  "logger",
  "allowInsecureHttp",
  "dangerouslyAllowBrowser",
  "tracing",
];

const settingsByClient = new WeakMap<Anthale, ResolvedSettings>();

/**
 * The leveled, prefixed logger a client was built with, for the SDK's own modules (such as the
 * policy enforcer's fail-open warning). Not part of the public API.
 */
export function clientLog(client: Anthale): Logger {
  return settingsByClient.get(client)?.log ?? createLog("warn", console);
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

  constructor(given: ClientOptions = {}) {
    const options = checkOptions<ClientOptions>(given, clientOptionNames, "client");
    const allowBrowser = checkFlag(
      options.dangerouslyAllowBrowser,
      "options.dangerouslyAllowBrowser",
    );
    const scope = globalThis as { window?: unknown; document?: unknown };
    if (scope.window && scope.document && !allowBrowser) {
      throw new AnthaleError(
        "Refusing to run in a browser, where every visitor could read the API key. Call Anthale from a server, or pass dangerouslyAllowBrowser: true if the key is meant to be public.",
      );
    }
    const apiKey =
      options.apiKey === undefined
        ? checkApiKey(readEnv("ANTHALE_API_KEY") ?? "", "ANTHALE_API_KEY")
        : checkApiKey(options.apiKey, "options.apiKey");
    if (!apiKey) {
      throw new AnthaleError(
        "No Anthale API key: set ANTHALE_API_KEY, or pass new Anthale({ apiKey: '...' }).",
      );
    }
    const baseURLFromEnv = readEnv("ANTHALE_BASE_URL");
    this.baseURL = checkBaseURL(
      options.baseURL ?? baseURLFromEnv ?? DEFAULT_BASE_URL,
      options.baseURL === undefined && baseURLFromEnv ? "ANTHALE_BASE_URL" : "options.baseURL",
      checkFlag(options.allowInsecureHttp, "options.allowInsecureHttp"),
      options.fetch === undefined,
    );
    this.timeout = checkTimeout(options.timeout ?? 60_000, "options.timeout");
    this.maxRetries = checkMaxRetries(options.maxRetries ?? 2, "options.maxRetries");
    const logLevel = resolveLogLevel(options.logLevel, readEnv("ANTHALE_LOG"));
    const logger = checkLogger(options.logger ?? console, "options.logger");
    const fetchOption = checkFetch(options.fetch, "options.fetch");
    const defaultHeaders = checkHeaders(options.defaultHeaders, "options.defaultHeaders");
    // Sent with every request; neither default nor per-request headers can replace them. No
    // `accept` header: answers are JSON anyway, and each header costs on both ends of every call.
    // Sent with every request; neither default nor per-request headers can replace them: the SDK
    // sends JSON and reads only JSON.
    const fixedHeaders = {
      accept: "application/json",
      "content-type": "application/json",
      authorization: `Bearer ${apiKey}`,
    };
    const scrubber = createScrubber([apiKey, ...sensitiveValues(defaultHeaders)]);
    const settings: ResolvedSettings = {
      baseURL: this.baseURL,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      headers: mergeHeaders(defaultHeaders, fixedHeaders),
      fixedHeaders,
      log: createLog(logLevel, logger, scrubber),
      debug: logLevel === "debug",
      // Looked up at call time, so a fetch patched after construction (instrumentation) is used.
      fetch: fetchOption ?? ((url, init) => fetch(url, init)),
      scrubber,
      tracing: checkTracing(options.tracing, this.baseURL),
    };
    settingsByClient.set(this, settings);
    this.organizations = { policies: new Policies(settings) };
  }

  /** A short description that never includes the API key. */
  toString(): string {
    return `Anthale { baseURL: ${this.baseURL} }`;
  }
}
