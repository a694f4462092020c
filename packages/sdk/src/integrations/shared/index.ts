/**
 * Pieces every framework integration is built from: the options, the per-client {@link Guard},
 * the payload mapping that carries redaction back into framework objects, and the stream guard.
 *
 * @packageDocumentation
 */

export { Guard, type GuardStreamInit, type SendInit, type SendOutcome } from "./guard.js";
export { type Decision, defaultWindowSize, type GuardOptions, type StreamMode } from "./options.js";
export {
  type PayloadChange,
  PayloadMapping,
  type PayloadPath,
  type PieceSource,
  parseRedactedJson,
  readAt,
  textAt,
  writeAt,
} from "./payload-mapping.js";
export { arrayOf, recordOf, roleOf } from "./roles.js";
export {
  guardStainlessMethod,
  markGuarded,
  type StainlessAdapter,
  type StainlessPromise,
} from "./stainless.js";
export {
  guardStream,
  piecesAt,
  type StreamGuardInit,
  type StreamPiece,
  type StreamPieceSource,
  safeBoundary,
} from "./stream-guard.js";
