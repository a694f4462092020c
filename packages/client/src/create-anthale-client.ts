// createAnthaleClient: an openapi-fetch client typed by the generated contract.
import createClient, { type Client } from "openapi-fetch";
import { DEFAULT_BASE_URL } from "./contract.js";
import type { paths } from "./generated/schema.js";

/** Options of {@link createAnthaleClient}. */
export interface AnthaleClientOptions {
  /** Organization API key, sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Base URL of the API. Defaults to {@link DEFAULT_BASE_URL}. */
  baseUrl?: string;
  /** The `fetch` to send requests with. Defaults to the global `fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request (the `Authorization` header cannot be overridden here). */
  headers?: Record<string, string>;
}

/** A typed openapi-fetch client for every operation of the Anthale contract. */
export type AnthaleClient = Client<paths>;

/**
 * Creates a typed client for the Anthale API.
 *
 * @example
 * ```ts
 * import { createAnthaleClient } from "@anthale/client";
 *
 * const client = createAnthaleClient({ apiKey: process.env.ANTHALE_API_KEY! });
 * const { data, error } = await client.POST("/organizations/policies/{policy_identifier}/enforce", {
 *   params: { path: { policy_identifier: "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44" } },
 *   body: { direction: "input", messages: [{ role: "user", content: "Hello" }] },
 * });
 * ```
 */
export function createAnthaleClient(options: AnthaleClientOptions): AnthaleClient {
  if (typeof options?.apiKey !== "string" || options.apiKey.length === 0) {
    throw new TypeError("createAnthaleClient: `apiKey` must be a non-empty string.");
  }
  return createClient<paths>({
    baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: { ...options.headers, Authorization: `Bearer ${options.apiKey}` },
  });
}
