/**
 * `@anthale/client`: the low-level Anthale API client.
 *
 * The types and the lists of enum values come from `./generated/schema.ts`, generated from the
 * Anthale OpenAPI contract (also published alone as `@anthale/client/contract`); the runtime is
 * openapi-fetch. Most applications want `@anthale/sdk`, which adds validation, retries, timeouts,
 * typed errors and redaction on top of this package.
 *
 * @packageDocumentation
 */

export * from "./contract.js";
export type { AnthaleClient, AnthaleClientOptions } from "./create-anthale-client.js";
export { createAnthaleClient } from "./create-anthale-client.js";
