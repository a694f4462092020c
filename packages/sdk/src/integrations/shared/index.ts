// The pieces every framework integration is built from.
/**
 * Pieces every framework integration is built from: the options, the per-client {@link Guard},
 * the adapter shape each framework implements, the payload mapping that carries redaction back
 * into framework objects, and the stream guard.
 *
 * @packageDocumentation
 */

export { type Adapter, type ChunkReader, statelessChunks } from "./adapter.js";
export { contentPieces, fieldsByType, type PartPieces } from "./content.js";
export {
  type CallOptions,
  Guard,
  type GuardStreamInit,
  linkedSignal,
  type SendInit,
  type SendOutcome,
} from "./guard.js";
export {
  checkGuardOptions,
  type Decision,
  defaultWindowSize,
  type GuardOptions,
  type GuardSettings,
  type StreamMode,
} from "./options.js";
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
export { policyViolationOf } from "./policy-violation.js";
export { roleOf } from "./roles.js";
export {
  guardStainlessMethod,
  markGuarded,
  type StainlessFramework,
  type StainlessPromise,
  type StainlessStream,
} from "./stainless.js";
export {
  guardStream,
  type StreamGuardInit,
  type StreamPiece,
  type StreamPieceSource,
  writePieces,
} from "./stream-guard.js";
export { arrayOf, isRecord, type Json, metadataOf, recordOf } from "./values.js";
