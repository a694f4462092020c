// Turns anything thrown while a command runs into ONE line for stderr: what went wrong, why, and
// what to do. Never a stack trace, never the API key, never a line break or terminal control
// sequence from a server's answer.
import {
  AnthaleError,
  AnthaleValidationError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
} from "@anthale/sdk";
import { CliError } from "./cli-error.js";
import { oneLine } from "./terminal-text.js";

/** Replaces every occurrence of each secret (the API key) in `text` by `***`. */
export function hideSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join("***");
  }
  return result;
}

/** One line saying what went wrong, why, and what to do, with the secrets hidden. */
export function describeError(error: unknown, secrets: readonly (string | undefined)[]): string {
  return hideSecrets(oneLine(sentenceFor(error)), secrets);
}

function sentenceFor(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof AuthenticationError) {
    return `The API key was refused (${error.status}): check ANTHALE_API_KEY or --api-key.`;
  }
  if (error instanceof PermissionDeniedError) {
    return `The API key may not enforce this policy (${error.status}): check --policy and the key's organization.`;
  }
  if (error instanceof NotFoundError) {
    return `No such policy (${error.status}): check --policy (or ANTHALE_POLICY_ID) and --base-url.`;
  }
  if (error instanceof RateLimitError) {
    const wait = error.retryAfter === undefined ? "" : ` for ${error.retryAfter} s`;
    return `Anthale is rate-limiting this key: wait${wait} and try again (${error.message}).`;
  }
  if (error instanceof RedirectError) return error.message;
  if (error instanceof APIConnectionTimeoutError) {
    return `Anthale did not answer in time (${error.message}): try again, or raise --timeout.`;
  }
  if (error instanceof APIConnectionError) {
    return `Could not reach Anthale (${error.message}): check --base-url (or ANTHALE_BASE_URL) and the network.`;
  }
  if (error instanceof APIError) return `Anthale answered an error: ${error.message}`;
  if (error instanceof AnthaleValidationError) {
    // The options are the client's names for what came from flags or the environment.
    const message = error.message
      .replace(/^options\.baseURL\b/, "The base URL (--base-url or ANTHALE_BASE_URL)")
      .replace(/^options\.apiKey\b/, "The API key (--api-key or ANTHALE_API_KEY)")
      .replace(/^options\.timeout\b/, "--timeout");
    return message === error.message ? `Invalid input or option: ${message}` : message;
  }
  if (error instanceof AnthaleError) return error.message;
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected ${name}: ${message}`;
}
