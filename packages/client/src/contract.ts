/**
 * `@anthale/client/contract`: what the Anthale OpenAPI contract defines, without an HTTP client.
 *
 * The contract's types (`paths`, `operations`, `components` and one alias per schema), a runtime
 * list of the values of each enum (`policyGuardrailDirectionValues`,
 * `policyEnforcementMessageRoleValues`...), all generated from the contract, and
 * {@link DEFAULT_BASE_URL}. Nothing here imports openapi-fetch, so code that only validates
 * against the contract, or sends with its own `fetch`, loads no more than these lists.
 *
 * @packageDocumentation
 */

export * from "./generated/schema.js";

/** The Anthale API's production base URL, the contract's server. */
export const DEFAULT_BASE_URL = "https://api.anthale.com";
