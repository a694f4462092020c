// The settings every request of a client needs, resolved once when the client is built.
import type { FetchLike } from "../base/types.js";
import type { Logger } from "../support/log.js";
import type { Scrubber } from "../support/secrets.js";
import type { TracingSettings } from "../tracing/tracing-options.js";

/** The settings a request needs, resolved once at construction. */
export interface ResolvedSettings {
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  /** Every request's headers (lower-cased names): defaults, then the accept and content type headers and the credentials. */
  readonly headers: Record<string, string>;
  /** The headers no other header may replace: accept, content type and the credentials. */
  readonly fixedHeaders: Readonly<Record<string, string>>;
  readonly log: Logger;
  /** Whether debug lines are wanted. */
  readonly debug: boolean;
  readonly fetch: FetchLike;
  /** Takes the API key and credential header values out of errors and log lines. */
  readonly scrubber: Scrubber;
  /** How enforce calls are traced; `undefined` when tracing is off (`tracing: false`). */
  readonly tracing: TracingSettings | undefined;
}
