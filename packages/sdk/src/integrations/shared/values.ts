// Reading the loosely typed values of framework payloads.
import type { Metadata } from "../../base/types.js";

/** A JSON object as a framework payload holds it. */
export type Json = Record<string, unknown>;

/** Whether `value` is an object (not `null`), whose fields can be read. */
export function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === "object";
}

/** `value` as an array (empty when it is not one). */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` as a record (empty when it is not an object). */
export function recordOf(value: unknown): Json {
  return isRecord(value) ? value : {};
}

/** Per-call metadata given by the caller: `value` when it is an object, else none. */
export function metadataOf(value: unknown): Metadata | undefined {
  return isRecord(value) ? value : undefined;
}
