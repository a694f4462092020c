// Reading the text pieces of a framework's content parts, by part type.
import type { PayloadPath, PieceSource } from "./payload-mapping.js";
import { arrayOf, recordOf } from "./values.js";

/** The pieces of one part of a content list, found at `at`. */
export type PartPieces = (part: Record<string, unknown>, at: PayloadPath) => PieceSource[];

/** The pieces of a `content` field at `at`: the string itself, or the pieces of each part. */
export function contentPieces(content: unknown, at: PayloadPath, part: PartPieces): PieceSource[] {
  if (typeof content === "string") return [{ path: at }];
  return arrayOf(content).flatMap((item, index) => part(recordOf(item), [...at, index]));
}

/** A {@link PartPieces} that reads, in a part of a listed type, the field its type names. */
export function fieldsByType(fields: Record<string, string>): PartPieces {
  return (part, at) => {
    // Inherited members (such as `toString`) are no strings, so they never count.
    const field: unknown = fields[part.type as string];
    return typeof field === "string" ? [{ path: [...at, field] }] : [];
  };
}
