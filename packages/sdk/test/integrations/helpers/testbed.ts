// What every integration suite runs against: a fake Anthale and, for the HTTP providers, a fake
// provider, both started once per file and reset before each test, plus the decisions reported.
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Decision, GuardOptions } from "../../../src/integrations/shared/index.js";
import { type FakeAnthale, policyId, startFakeAnthale } from "./fake-anthale.js";
import { type FakeProvider, type ProviderHandler, startFakeProvider } from "./fake-provider.js";

export interface AnthaleTestbed {
  /** The fake Anthale, running for the whole file. */
  readonly anthale: FakeAnthale;
  /** The decisions reported through {@link AnthaleTestbed.guardOptions} during the current test. */
  readonly decisions: Decision[];
  /** Options for the test policy on the fake Anthale that record every decision, then `overrides`. */
  guardOptions(overrides?: Partial<GuardOptions>): GuardOptions;
}

export interface ProviderTestbed extends AnthaleTestbed {
  /** The fake provider, running for the whole file. */
  readonly provider: FakeProvider;
}

/**
 * Registers the vitest hooks of an integration suite: starts the fake Anthale (and a fake provider
 * answering with `handler`, when given) before all tests, closes them after all tests, and resets
 * them and the decisions before each test. Call it at the top level of a test file.
 */
export function useTestbed(): AnthaleTestbed;
export function useTestbed(handler: ProviderHandler): ProviderTestbed;
export function useTestbed(handler?: ProviderHandler): ProviderTestbed {
  let anthale: FakeAnthale | undefined;
  let provider: FakeProvider | undefined;
  let decisions: Decision[] = [];

  beforeAll(async () => {
    anthale = await startFakeAnthale();
    if (handler) provider = await startFakeProvider(handler);
  });
  afterAll(async () => {
    await anthale?.close();
    await provider?.close();
  });
  beforeEach(() => {
    anthale?.reset();
    provider?.reset();
    decisions = [];
  });

  const bed: ProviderTestbed = {
    get anthale() {
      if (!anthale) throw new Error("The fake Anthale is not running (outside a test?)");
      return anthale;
    },
    get provider() {
      if (!provider) throw new Error("This testbed has no running fake provider");
      return provider;
    },
    get decisions() {
      return decisions;
    },
    guardOptions: (overrides = {}) => ({
      policyId,
      client: bed.anthale.client,
      onDecision: (decision) => decisions.push(decision),
      ...overrides,
    }),
  };
  return bed;
}
