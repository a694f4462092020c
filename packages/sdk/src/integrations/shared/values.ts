import type { Metadata } from "../../base/types.js";

/** `value` as an array (empty when it is not one). */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` as a record (empty when it is not an object). */
export function recordOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** Per-call metadata given by the caller: `value` when it is an object, else none. */
export function metadataOf(value: unknown): Metadata | undefined {
  return value && typeof value === "object" ? (value as Metadata) : undefined;
}
