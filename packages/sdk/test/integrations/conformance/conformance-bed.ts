// The vitest hooks of a conformance file: the Anthale stand-in and the driver's fake model run for
// the whole file and are reset before each test; decisions reported during a test are kept.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { Anthale, type Logger } from "../../../src/index.js";
import type { Decision, GuardOptions } from "../../../src/integrations/shared/index.js";
import { refusedPortURL } from "../../faults/fault-server.js";
import { policyId } from "../helpers/fake-anthale.js";
import { type AnthaleStandIn, startAnthaleStandIn } from "./anthale-stand-in.js";
import type { ConformanceDriver } from "./driver.js";

/** What a conformance test works with. */
export interface ConformanceBed {
  /** The Anthale stand-in, running for the whole file. */
  readonly anthale: AnthaleStandIn;
  /** The decisions reported through {@link ConformanceBed.guardOptions} during the current test. */
  readonly decisions: Decision[];
  /** Options for the test policy on the stand-in that record every decision, then `overrides`. */
  guardOptions(overrides?: Partial<GuardOptions>): GuardOptions;
  /** A client of an Anthale that cannot be reached (a loopback port nothing listens on). */
  unreachableClient(logger: Logger): Anthale;
}

/** Registers the hooks for `driver`; call it at the top level of a test file. */
export function useConformanceBed(driver: ConformanceDriver): ConformanceBed {
  let anthale: AnthaleStandIn | undefined;
  let refusedURL = "";
  let decisions: Decision[] = [];

  beforeAll(async () => {
    anthale = await startAnthaleStandIn();
    refusedURL = await refusedPortURL();
    await driver.start();
  });
  afterAll(async () => {
    await anthale?.close();
    await driver.close();
  });
  beforeEach(() => {
    anthale?.reset();
    driver.reset();
    decisions = [];
  });

  const bed: ConformanceBed = {
    get anthale() {
      if (!anthale) throw new Error("The Anthale stand-in is not running (outside a test?)");
      return anthale;
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
    unreachableClient: (logger) =>
      new Anthale({
        apiKey: "test-key",
        baseURL: refusedURL,
        maxRetries: 0,
        logLevel: "warn",
        logger,
      }),
  };
  return bed;
}
