// The enforce request, built from the contract: its URL, from the contract's path template, and
// its JSON body, typed by the operation generated from the contract (so a contract change that
// breaks either fails to compile here).
import type { paths } from "@anthale/client";
import { checkEnforceParams, checkPolicyIdentifier } from "../checks/input-checks.js";
import { fillPath } from "./path.js";

/**
 * The contract's path template of the enforce operation. It must be a path of the generated
 * `paths`: a typo here, or a path the contract renames or drops, does not compile.
 */
export const enforcePathTemplate =
  "/organizations/policies/{policy_identifier}/enforce" satisfies keyof paths;

/** The enforce operation, as generated from the contract. */
type EnforceOperation = paths[typeof enforcePathTemplate]["post"];

/** The parameters of the enforce operation's path, as generated from the contract. */
type EnforcePathParameters = EnforceOperation["parameters"]["path"];

/** The JSON body of the enforce request, as generated from the contract. */
export type EnforceRequestBody = EnforceOperation["requestBody"]["content"]["application/json"];

/** The JSON body of a 200 answer to the enforce request, as generated from the contract. */
export type EnforceResponseBody = EnforceOperation["responses"][200]["content"]["application/json"];

/** An enforce request ready to send: where it goes and what it carries, both checked. */
export interface EnforceRequest {
  /** The base URL followed by the operation's path, its parameters filled and encoded. */
  readonly url: string;
  /** The body, made only of checked copies of plain JSON values. */
  readonly body: EnforceRequestBody;
}

/**
 * The body of an enforce request: `params` checked by {@link checkEnforceParams} (every value
 * read once, copied, and refused with an `AnthaleValidationError` naming its place when the
 * contract would not accept it), with evaluations asked for unless `includeEvaluations` is
 * `false` (redaction needs them), and `metadata` only when given. `JSON.stringify(body)` cannot
 * throw, run caller code, or drop or alter anything.
 */
export function buildEnforceBody(params: unknown): EnforceRequestBody {
  const { direction, messages, includeEvaluations, metadata } = checkEnforceParams(params);
  const body: EnforceRequestBody = {
    direction,
    messages,
    includeEvaluations: includeEvaluations ?? true,
  };
  return metadata === undefined ? body : { ...body, metadata };
}

/**
 * Checks a policy identifier (a UUID) and enforce parameters before anything is sent, and builds
 * the request: the URL, `baseURL` (already checked, without a trailing slash) followed by the
 * contract's path with the identifier filled in, and the body of {@link buildEnforceBody}. Bad
 * input is an `AnthaleValidationError` naming its place (such as `messages[1].content[0].text`).
 */
export function buildEnforceRequest(
  baseURL: string,
  policyIdentifier: unknown,
  params: unknown,
): EnforceRequest {
  const parameters: EnforcePathParameters = {
    policy_identifier: checkPolicyIdentifier(policyIdentifier),
  };
  const path = fillPath(enforcePathTemplate, parameters);
  return { url: `${baseURL}${path}`, body: buildEnforceBody(params) };
}
