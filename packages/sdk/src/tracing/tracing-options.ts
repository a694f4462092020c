// The `tracing` option of the client: whether enforce calls are traced with OpenTelemetry, with
// which tracer, and whether the conversation may be put on the spans. Checked once, when the
// client is built.
import { AnthaleValidationError } from "../base/errors.js";
import { checkFlag, checkOptions } from "../checks/option-checks.js";
import { enforcePathTemplate } from "../request/enforce-request.js";
import type { TracerLike } from "./tracer-types.js";

/**
 * How enforce calls are traced (the `tracing` option of `new Anthale(...)`). By default, every
 * `enforce` call is an OpenTelemetry span when the application has `@opentelemetry/api` installed
 * and a tracer provider registered; `tracing: false` turns that off.
 */
export interface TracingOptions {
  /**
   * The tracer to make the spans with, such as `trace.getTracer("my-app")`. Default: the tracer
   * named `@anthale/sdk` of the global tracer provider, found through `@opentelemetry/api` the
   * first time `enforce` is called. Pass one where that package cannot be loaded at run time (a
   * bundle without `node_modules`) or to use a provider that is not the global one.
   */
  tracer?: TracerLike;
  /**
   * Put the conversation sent (`anthale.request.messages`) and the metadata
   * (`anthale.request.metadata`) on the spans, as JSON, and error messages as they are rather than
   * only their kind. Default `false`: spans carry no message content and no metadata value. Even
   * then the API key and credential header values are masked.
   */
  traceContent?: boolean;
}

/** The `tracing` option once checked: what every traced call of a client needs. */
export interface TracingSettings {
  /** The tracer given; `undefined` to look for the global one through `@opentelemetry/api`. */
  readonly tracer: TracerLike | undefined;
  /** Whether the conversation, the metadata and error messages go on the spans. */
  readonly traceContent: boolean;
  /** The host requests go to (`server.address`). */
  readonly serverAddress: string;
  /** The port requests go to (`server.port`). */
  readonly serverPort: number;
  /** The path of the request with its parameter left as a placeholder (`url.template`). */
  readonly urlTemplate: string;
}

const tracingOptionNames: readonly (keyof TracingOptions)[] = ["tracer", "traceContent"];

/** The port a URL goes to, its scheme's default when it names none. */
function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "http:" ? 80 : 443;
}

/** Throws unless `value` has the `startActiveSpan` method of an OpenTelemetry tracer. */
function checkTracer(value: unknown, path: string): TracerLike | undefined {
  if (value === undefined) return undefined;
  const method =
    typeof value === "object" && value !== null
      ? (value as { startActiveSpan?: unknown }).startActiveSpan
      : undefined;
  if (typeof method !== "function") {
    throw new AnthaleValidationError(
      path,
      "must be an OpenTelemetry tracer, such as trace.getTracer(name) from @opentelemetry/api",
    );
  }
  return value as TracerLike;
}

/**
 * Checks the `tracing` option (`undefined` and `true` mean the default) and resolves it for a
 * client whose requests go to `baseURL` (already checked); `undefined` when tracing is off.
 */
export function checkTracing(value: unknown, baseURL: string): TracingSettings | undefined {
  if (value === false) return undefined;
  let options: { tracer?: unknown; traceContent?: unknown } = {};
  if (value !== undefined && value !== true) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new AnthaleValidationError(
        "options.tracing",
        "must be true, false or an object of tracing options",
      );
    }
    options = checkOptions<TracingOptions>(value, tracingOptionNames, "tracing", "options.tracing");
  }
  const url = new URL(baseURL);
  return {
    tracer: checkTracer(options.tracer, "options.tracing.tracer"),
    traceContent: checkFlag(options.traceContent, "options.tracing.traceContent"),
    serverAddress: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    serverPort: portOf(url),
    urlTemplate: `${url.pathname.replace(/\/+$/, "")}${enforcePathTemplate}`,
  };
}
