// Where the commands send to and as whom: the API key, base URL and policy, from flags first and
// the environment second, and the one Anthale client built from them.
import Anthale from "@anthale/sdk";
import { CliError } from "./cli-error.js";

/** The connection flags both commands take. */
export interface ConnectionFlags {
  apiKey?: string;
  baseUrl?: string;
  policy?: string;
  timeout?: number;
  maxRetries?: number;
}

/** The settings a command runs with, resolved from flags and environment. */
export interface Connection {
  /** The API key (never printed). */
  apiKey: string;
  /** The API's base URL, when one was given. */
  baseURL?: string;
  /** The policy to enforce. */
  policyId: string;
}

/** Reads the API key, base URL and policy from the flags, then the environment. */
export function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): Connection {
  const apiKey = nonEmpty(flags.apiKey) ?? nonEmpty(env.ANTHALE_API_KEY);
  if (!apiKey) {
    throw new CliError(
      "No API key: set ANTHALE_API_KEY or pass --api-key (an organization API key from the Anthale console).",
    );
  }
  const policyId = nonEmpty(flags.policy) ?? nonEmpty(env.ANTHALE_POLICY_ID);
  if (!policyId) {
    throw new CliError(
      "No policy: pass --policy <id> or set ANTHALE_POLICY_ID (the policy's UUID).",
    );
  }
  const baseURL = nonEmpty(flags.baseUrl) ?? nonEmpty(env.ANTHALE_BASE_URL);
  return baseURL === undefined ? { apiKey, policyId } : { apiKey, policyId, baseURL };
}

/** Options for the client besides the connection. */
export interface ClientExtras {
  timeout?: number;
  maxRetries?: number;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/** The one Anthale client a command sends with. Its checks of the options run here. */
export function createClient(connection: Connection, extras: ClientExtras = {}): Anthale {
  return new Anthale({
    apiKey: connection.apiKey,
    ...(connection.baseURL === undefined ? {} : { baseURL: connection.baseURL }),
    ...(extras.timeout === undefined ? {} : { timeout: extras.timeout }),
    ...(extras.maxRetries === undefined ? {} : { maxRetries: extras.maxRetries }),
    ...(extras.fetch === undefined ? {} : { fetch: extras.fetch }),
    logLevel: "off",
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
