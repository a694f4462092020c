// The metadata a policy enforcer sends with a check: its own, with the call's merged over it.
import type { Metadata } from "../base/types.js";
import { checkMetadata } from "../checks/input-checks.js";

/**
 * The metadata a policy enforcer sends: its own (`enforcerMetadata`, checked as
 * `options.metadata`) with the call's (`callMetadata`, checked as `metadata`) merged over it, each
 * checked and copied by {@link checkMetadata}; `undefined` when neither is given.
 */
export function mergeMetadata(
  enforcerMetadata: unknown,
  callMetadata: unknown,
): Metadata | undefined {
  if (enforcerMetadata === undefined && callMetadata === undefined) return undefined;
  return {
    ...(enforcerMetadata === undefined ? {} : checkMetadata(enforcerMetadata, "options.metadata")),
    ...(callMetadata === undefined ? {} : checkMetadata(callMetadata, "metadata")),
  };
}
