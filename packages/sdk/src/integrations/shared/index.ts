/**
 * Pieces every framework integration is built from: the options, the per-client {@link Guard},
 * the payload mapping that carries redaction back into framework objects, and the stream guard.
 *
 * @packageDocumentation
 */

export { contentPieces, fieldsByType, type PartPieces } from "./content.js";
export {
  Guard,
  type GuardStreamInit,
  linkedSignal,
  type SendInit,
  type SendOutcome,
} from "./guard.js";
export { type Decision, defaultWindowSize, type GuardOptions, type StreamMode } from "./options.js";
export {
  type PayloadChange,
  PayloadMapping,
  type PayloadPath,
  type Piece,
  type PieceSource,
  parseRedactedJson,
  piecesAt,
  readAt,
  redactedValue,
  textAt,
  writeAt,
} from "./payload-mapping.js";
export { roleOf } from "./roles.js";
export {
  guardStainlessMethod,
  markGuarded,
  type StainlessAdapter,
  type StainlessPromise,
} from "./stainless.js";
export {
  guardStream,
  type StreamGuardInit,
  type StreamPiece,
  type StreamPieceSource,
  writePieces,
} from "./stream-guard.js";
export { arrayOf, metadataOf, recordOf } from "./values.js";
