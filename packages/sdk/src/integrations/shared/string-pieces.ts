// Every string of an open-ended part of a framework payload, as pieces on channels of their own.
import { AnthaleError } from "../../base/errors.js";
import type { PayloadPath, PieceSource } from "./payload-mapping.js";
import { isRecord, recordOf } from "./values.js";

/** Whether the field `field` of `record` holds no text to check (an id, a kind, encoded data...). */
export type OpaqueField = (record: Record<string, unknown>, field: string) => boolean;

/**
 * A piece with the stream channel its text adds to: named after the piece's place, with list
 * items keyed by their own `index` when they have one, so the pieces of successive chunks that
 * share a place are one text.
 */
export type ChannelPiece = PieceSource & { channel: string };

/** Deeper than this, a value is refused rather than walked. */
const maxDepth = 64;

/** The key of a list item in a channel name: its own `index` when it has one, else its position. */
export function channelKey(item: unknown, position: number): string {
  const index = recordOf(item).index;
  return typeof index === "number" || typeof index === "string" ? String(index) : String(position);
}

/**
 * Every string in `value` (found at `at` in the payload), however nested in lists and records, as
 * a piece on a channel of its own under `channel`; fields `opaque` names are skipped. This is the
 * rule for parts of a framework's payload whose shape is open: whatever text they carry is
 * checked, rather than only the fields known today. A value nested deeper than 64 levels throws
 * (it cannot be checked, so it must not go through).
 */
export function stringPieces(
  value: unknown,
  at: PayloadPath,
  opaque: OpaqueField,
  channel: string = at.join("."),
  depth = 0,
): ChannelPiece[] {
  if (typeof value === "string") return [{ path: at, channel }];
  if (!isRecord(value)) return [];
  if (depth >= maxDepth) {
    throw new AnthaleError(
      `A value is nested more than ${maxDepth} levels deep: it cannot be checked`,
    );
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, position) =>
      stringPieces(
        item,
        [...at, position],
        opaque,
        `${channel}.${channelKey(item, position)}`,
        depth + 1,
      ),
    );
  }
  return Object.keys(value).flatMap((field) =>
    opaque(value, field)
      ? []
      : stringPieces(value[field], [...at, field], opaque, `${channel}.${field}`, depth + 1),
  );
}
