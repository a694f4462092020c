// The model side of the drivers whose framework calls a provider over HTTP: the shared fake
// provider (../../helpers/fake-provider.ts) answering with one of the scripted handlers.
import {
  type FakeProvider,
  type ProviderHandler,
  startFakeProvider,
} from "../../helpers/fake-provider.js";
import type { ConformanceDriver } from "../driver.js";

/** The model-side part of a driver, plus the provider's base URL. */
export type HttpModel = Pick<
  ConformanceDriver,
  "start" | "reset" | "close" | "modelInputs" | "cancelledStreams"
> & {
  /** Base URL of the running fake provider. */
  baseURL(): string;
};

/**
 * `handler`, with every streamed reply to a request mentioning "HANG" kept open after its last
 * event (some scripted handlers do it for some endpoints only).
 */
function hangingOnRequest(handler: ProviderHandler): ProviderHandler {
  return async (request) => {
    const reply = await handler(request);
    return "events" in reply && request.raw.includes("HANG") ? { ...reply, hangOpen: true } : reply;
  };
}

/** A fake provider answering with `handler`, started by `start`. */
export function httpModel(handler: ProviderHandler): HttpModel {
  let provider: FakeProvider | undefined;
  const running = () => {
    if (!provider) throw new Error("The fake provider is not running");
    return provider;
  };
  return {
    baseURL: () => running().url,
    async start() {
      provider = await startFakeProvider(hangingOnRequest(handler));
    },
    reset: () => provider?.reset(),
    close: async () => provider?.close(),
    modelInputs: () => running().requests.map((request) => request.raw),
    cancelledStreams: () => running().cancelledStreams,
  };
}
