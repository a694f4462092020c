import type { ContentBlockType, EnforceResult, Message, MessageRole } from "../../core/types.js";
import { redactMessages, redactText, type Span, spansOf } from "./redaction.js";
import { recordOf } from "./values.js";

/** Where a piece of text lives inside a framework payload: the keys leading to it from the root. */
export type PayloadPath = readonly (string | number)[];

/** One piece of text of a framework payload, by its place. */
export interface PieceSource {
  /** Where the piece is in the payload. */
  path: PayloadPath;
  /** Kind of content block sent to Anthale. Default `"text"`. */
  type?: ContentBlockType;
  /**
   * The value at `path` is structured data (such as tool-call arguments given as an object): it is
   * sent as JSON and redacted text is parsed back.
   */
  json?: boolean;
}

/** A piece with the text found at its place. */
export type Piece<S extends PieceSource = PieceSource> = S & {
  /** The text at the piece's place. */
  text: string;
};

/** A change to make in the payload: the new value of the place at `path`. */
export interface PayloadChange {
  /** Where to write. */
  path: PayloadPath;
  /** The value to write there. */
  value: unknown;
}

/** Reads the value at `path` under `root`. */
export function readAt(root: unknown, path: PayloadPath): unknown {
  return path.reduce((node, key) => recordOf(node)[key], root);
}

/**
 * The text of the piece at `source.path` under `root`: a string as is, structured data as JSON
 * when `source.json`, otherwise empty.
 */
export function textAt(root: unknown, source: PieceSource): string {
  const value = readAt(root, source.path);
  if (typeof value === "string") return value;
  return source.json ? (JSON.stringify(value ?? null) ?? "") : "";
}

/**
 * The pieces of `root` at the given places, each with the text found there (structured data as
 * JSON when `json`); places holding no text are left out.
 */
export function piecesAt<S extends PieceSource>(root: unknown, sources: readonly S[]): Piece<S>[] {
  return sources.flatMap((source) => {
    const text = textAt(root, source);
    return text ? [{ ...source, text }] : [];
  });
}

/**
 * Returns a copy of `root` where the value at `path` is `value`. Only the objects on the path are
 * copied (keeping their prototype); `root` itself is left untouched.
 */
export function writeAt<T>(root: T, path: PayloadPath, value: unknown): T {
  const [key, ...rest] = path;
  if (key === undefined) return value as T;
  if (root === null || typeof root !== "object") return root;
  const copy = Array.isArray(root)
    ? [...root]
    : Object.assign(Object.create(Object.getPrototypeOf(root)), root);
  copy[key] = writeAt(copy[key], rest, value);
  return copy;
}

/**
 * The value redacted JSON text stands for: the text parsed, or, when redaction broke the JSON, the
 * original value with every string in it redacted.
 */
export function parseRedactedJson(
  original: string,
  redacted: string,
  spans: readonly Span[],
): unknown {
  try {
    return JSON.parse(redacted);
  } catch {
    try {
      return JSON.parse(original, (_key, value) =>
        typeof value === "string" ? redactText(value, spans) : value,
      );
    } catch {
      return redacted;
    }
  }
}

/**
 * The value to write at a piece's place in `root` for `text`, its redacted text: the text, parsed
 * back into structured data when the piece was sent as JSON.
 */
export function redactedValue(
  root: unknown,
  piece: Piece,
  text: string,
  spans: readonly Span[],
): unknown {
  return piece.json && typeof readAt(root, piece.path) !== "string"
    ? parseRedactedJson(piece.text, text, spans)
    : text;
}

interface Mapped {
  message: Message;
  pieces: Piece[];
}

/**
 * Turns a framework payload into Anthale messages while remembering, for each message and content
 * block, the place in the payload it came from; then writes redacted text back through those
 * places. Every integration maps its requests and responses with it.
 *
 * @example
 * ```ts
 * const mapping = new PayloadMapping(body)
 *   .add("system", [{ path: ["system"] }])
 *   .add("user", [{ path: ["messages", 0, "content"] }]);
 * const result = await enforcer.enforce({ direction: "input", messages: mapping.messages });
 * const safeBody = mapping.apply(result);
 * ```
 */
export class PayloadMapping<T> {
  /** The payload the pieces are read from and written to. */
  readonly root: T;
  readonly #mapped: Mapped[] = [];

  constructor(root: T) {
    this.root = root;
  }

  /** Adds messages that are part of the conversation but not of this payload (never written). */
  context(messages: readonly Message[]): this {
    for (const message of messages) this.#mapped.push({ message, pieces: [] });
    return this;
  }

  /**
   * Adds one message made of the given pieces, in order. Pieces that are not text (or empty) are
   * left out, and so is a message left with no piece.
   */
  add(role: MessageRole, sources: readonly PieceSource[]): this {
    const pieces = piecesAt(this.root, sources);
    const blocks = pieces.map(({ type = "text", text }) => ({ type, text }));
    // One text piece is sent as a string.
    const [first] = blocks;
    if (first) {
      const content = blocks.length === 1 && first.type === "text" ? first.text : blocks;
      this.#mapped.push({ message: { role, content }, pieces });
    }
    return this;
  }

  /** The Anthale messages, in the order they were added. */
  get messages(): Message[] {
    return this.#mapped.map((entry) => entry.message);
  }

  /** Whether any message holds a piece of this payload (as opposed to context only). */
  get hasPieces(): boolean {
    return this.#mapped.some((entry) => entry.pieces.length > 0);
  }

  /**
   * The messages after a decision: `redactedMessages` (computed from the spans when the result
   * lacks them) on `redact`, the messages as sent otherwise.
   */
  messagesAfter(result: EnforceResult | undefined): Message[] {
    if (result?.action !== "redact") return this.messages;
    return result.redactedMessages ?? redactMessages(this.messages, result.evaluations);
  }

  /** The writes that carry a `redact` decision into the payload; none for other actions. */
  changes(result: EnforceResult | undefined): PayloadChange[] {
    // Other actions leave the messages as they are, so nothing differs.
    const redacted = this.messagesAfter(result);
    const spans = spansOf(result);
    return this.#mapped.flatMap(({ pieces }, index) => {
      const content = redacted[index]?.content ?? [];
      return pieces.flatMap((piece, at) => {
        const text = typeof content === "string" ? [content][at] : content[at]?.text;
        if (text === undefined || text === piece.text) return [];
        return [{ path: piece.path, value: redactedValue(this.root, piece, text, spans) }];
      });
    });
  }

  /** Returns the payload with the redacted text of a `redact` decision written in place. */
  apply(result: EnforceResult | undefined): T {
    return this.changes(result).reduce(
      (root, change) => writeAt(root, change.path, change.value),
      this.root,
    );
  }
}
