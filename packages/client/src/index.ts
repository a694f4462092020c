/**
 * `@anthale/client`: the low-level Anthale API client.
 *
 * The types come from `./generated/schema.ts`, generated from the Anthale OpenAPI contract; the
 * runtime is openapi-fetch. Most applications want `@anthale/sdk`, which adds validation, retries,
 * timeouts, typed errors and redaction on top of this package.
 *
 * @packageDocumentation
 */

export type { AnthaleClient, AnthaleClientOptions } from "./create-anthale-client.js";
export { createAnthaleClient, DEFAULT_BASE_URL } from "./create-anthale-client.js";
export type * from "./generated/schema.js";
