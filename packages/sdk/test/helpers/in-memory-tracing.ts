// Test helper: an OpenTelemetry SDK set up as an application would (a tracer provider registered
// globally, an AsyncLocalStorage context manager), its finished spans kept in memory.
import { context, type Tracer, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach } from "vitest";

export interface InMemoryTracing {
  /** The spans finished during the current test, in the order they ended. */
  spans(): ReadableSpan[];
  /** The spans named `name` finished during the current test. */
  spansNamed(name: string): ReadableSpan[];
  /** A tracer of the registered provider, for the application's own spans. */
  readonly appTracer: Tracer;
  /** Forgets the spans finished so far. */
  reset(): void;
  /** Removes the global provider and context manager (as when none was registered). */
  unregister(): void;
}

/**
 * Registers the provider and the context manager globally before all tests of the file, forgets
 * the spans before each test, and unregisters both after all tests. Call it at the top level.
 */
export function useInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const unregister = () => {
    trace.disable();
    context.disable();
  };
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
  });
  beforeEach(() => exporter.reset());
  afterAll(unregister);
  return {
    spans: () => exporter.getFinishedSpans(),
    spansNamed: (name) => exporter.getFinishedSpans().filter((span) => span.name === name),
    appTracer: provider.getTracer("test-app"),
    reset: () => exporter.reset(),
    unregister,
  };
}

/** Every text an exported span holds: name, attributes, events and their attributes, status. */
export function spanTexts(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events.map(({ name, attributes }) => ({ name, attributes })),
    status: span.status,
    links: span.links,
    resource: span.resource.attributes,
  });
}
