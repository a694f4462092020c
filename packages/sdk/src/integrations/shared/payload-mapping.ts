// Framework payloads as Anthale messages, remembering where each piece of text came from, and the
// one place a `redact` decision is written back into a payload.
import { AnthaleError } from "../../base/errors.js";
import type { ContentBlockType, EnforceResult, Message, MessageRole } from "../../base/types.js";
import { escapedStretches, hideEscapedSpans } from "./json-escapes.js";
import { SpanMatcher, spansOf } from "./redaction.js";
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

/** Whether `text` (JSON text) still holds a span, as sent or once its escapes are decoded. */
function holdsSpan(text: string, matcher: SpanMatcher): boolean {
  return matcher.find(text).length > 0 || escapedStretches(text, matcher).length > 0;
}

/**
 * The value redacted JSON text stands for: the text parsed. When redaction broke the JSON (a span
 * covered part of its syntax), the original value with every string in it redacted by `matcher`,
 * provided no span is left anywhere in it (keys included, as sent or with escapes decoded);
 * otherwise, or without a matcher, the redacted text itself, as a string: a value that no longer
 * has its shape, never one that still holds a span.
 */
export function parseRedactedJson(
  original: string,
  redacted: string,
  matcher?: SpanMatcher,
): unknown {
  try {
    return JSON.parse(redacted);
  } catch {
    if (!matcher) return redacted;
    try {
      const value: unknown = JSON.parse(original, (_key, value) =>
        typeof value === "string" ? matcher.redact(value).text : value,
      );
      if (!holdsSpan(JSON.stringify(value) ?? "", matcher)) return value;
    } catch {
      // Not JSON to begin with: the redacted text stands.
    }
    return redacted;
  }
}

/**
 * The value to write at a piece's place in `root` for `text`, its redacted text. For a piece sent
 * as JSON, the spans that only show once the JSON's escape sequences are decoded (a `\u0040` for
 * an `@`, an escaped line break or quote) are hidden too, when a matcher is given (see
 * `hideEscapedSpans`): as sent, such a copy is not the span's text, but any reader of the JSON gets
 * the span back. Then structured data is parsed back (see {@link parseRedactedJson}); JSON text
 * stays text.
 */
export function redactedValue(
  root: unknown,
  piece: Piece,
  text: string,
  matcher?: SpanMatcher,
): unknown {
  if (!piece.json) return text;
  const hidden = matcher ? hideEscapedSpans(text, matcher) : text;
  return typeof readAt(root, piece.path) === "string"
    ? hidden
    : parseRedactedJson(piece.text, hidden, matcher);
}

/** The error for a `redact` result the mapping cannot carry out piece by piece. */
function unusable(problem: string): AnthaleError {
  return new AnthaleError(
    `A redact result cannot be applied: ${problem}. Only results from PolicyEnforcer, whose redaction is complete, can be.`,
  );
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
   * The messages after a decision: on `redact`, the result's `redactedMessages`, which must be
   * complete (`redaction.complete`, as `PolicyEnforcer` guarantees) and hold one message per
   * message of the mapping, or this throws; the messages as sent on any other action.
   */
  messagesAfter(result: EnforceResult | undefined): Message[] {
    if (result?.action !== "redact") return this.messages;
    const redacted = result.redactedMessages;
    if (!result.redaction?.complete || !redacted) throw unusable("its redaction is not complete");
    if (redacted.length !== this.#mapped.length) {
      throw unusable("its redacted messages do not match the messages checked");
    }
    return redacted;
  }

  /**
   * The writes that carry a `redact` decision into the payload: every piece whose redacted text
   * differs; none for other actions. Throws when a piece has no redacted counterpart, rather than
   * leave it as it was.
   */
  changes(result: EnforceResult | undefined): PayloadChange[] {
    if (result?.action !== "redact") return [];
    const redacted = this.messagesAfter(result);
    // The spans are hidden in JSON pieces with their escapes decoded too. Computed from the spans,
    // the redaction can also be redone on a JSON value it broke; the server's own cannot.
    let matcher: SpanMatcher | undefined;
    const spanMatcher = () => {
      matcher ??= new SpanMatcher(spansOf(result));
      return matcher;
    };
    const fromSpans = result.redaction?.source === "spans";
    return this.#mapped.flatMap(({ pieces }, index) => {
      const content = redacted[index]?.content;
      return pieces.flatMap((piece, at) => {
        // One text piece was sent as a string; several as one block each.
        const single = pieces.length === 1 ? content : undefined;
        const text = typeof content === "string" ? single : content?.[at]?.text;
        if (typeof text !== "string") {
          throw unusable("its redacted messages do not match the messages checked");
        }
        const hidden = piece.json ? hideEscapedSpans(text, spanMatcher()) : text;
        if (hidden === piece.text) return [];
        const value = redactedValue(
          this.root,
          piece,
          hidden,
          fromSpans ? spanMatcher() : undefined,
        );
        return [{ path: piece.path, value }];
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
