import type { ContentBlockType, EnforceResult, Message, MessageRole } from "../../core/types.js";
import { redactMessages, redactText, type Span, spansOf } from "./redaction.js";

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

/** A change to make in the payload: the new value of the place at `path`. */
export interface PayloadChange {
  /** Where to write. */
  path: PayloadPath;
  /** The value to write there. */
  value: unknown;
}

interface MappedMessage {
  message: Message;
  pieces: PieceSource[];
  texts: string[];
}

/** Reads the value at `path` under `root`. */
export function readAt(root: unknown, path: PayloadPath): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
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

function shallowCopy<T extends object>(value: T): T {
  if (Array.isArray(value)) return [...value] as T;
  return Object.assign(Object.create(Object.getPrototypeOf(value)), value);
}

/**
 * Returns a copy of `root` where the value at `path` is `value`. Only the objects on the path are
 * copied (keeping their prototype); `root` itself is left untouched.
 */
export function writeAt<T>(root: T, path: PayloadPath, value: unknown): T {
  if (path.length === 0) return value as T;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  if (root === null || typeof root !== "object") return root;
  const copy = shallowCopy(root as object) as Record<string | number, unknown>;
  copy[key] = writeAt(copy[key], rest, value);
  return copy as T;
}

function redactLeaves(value: unknown, spans: readonly Span[]): unknown {
  if (typeof value === "string") return redactText(value, spans);
  if (Array.isArray(value)) return value.map((item) => redactLeaves(item, spans));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactLeaves(item, spans)]),
    );
  }
  return value;
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
      return redactLeaves(JSON.parse(original), spans);
    } catch {
      return redacted;
    }
  }
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
  readonly #mapped: MappedMessage[] = [];

  constructor(root: T) {
    this.root = root;
  }

  /** Adds messages that are part of the conversation but not of this payload (never written). */
  context(messages: readonly Message[]): this {
    for (const message of messages) this.#mapped.push({ message, pieces: [], texts: [] });
    return this;
  }

  /**
   * Adds one message made of the given pieces, in order. Pieces that are not text (or empty) are
   * left out, and so is a message left with no piece.
   */
  add(role: MessageRole, sources: readonly PieceSource[]): this {
    const pieces: PieceSource[] = [];
    const texts: string[] = [];
    for (const source of sources) {
      const text = textAt(this.root, source);
      if (!text) continue;
      pieces.push(source);
      texts.push(text);
    }
    if (pieces.length === 0) return this;
    const blocks = texts.map((text, index) => ({ type: pieces[index]?.type ?? "text", text }));
    const only = blocks.length === 1 && blocks[0]?.type === "text";
    this.#mapped.push({
      message: { role, content: only ? (texts[0] as string) : blocks },
      pieces,
      texts,
    });
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
    if (result?.action !== "redact") return [];
    const redacted = this.messagesAfter(result);
    const spans = spansOf(result);
    return this.#mapped.flatMap(({ pieces, texts }, index) => {
      const content = redacted[index]?.content ?? [];
      const after = typeof content === "string" ? [content] : content.map((block) => block.text);
      return pieces.flatMap((piece, pieceIndex) => {
        const text = after[pieceIndex];
        const before = texts[pieceIndex] as string;
        if (text === undefined || text === before) return [];
        const original = readAt(this.root, piece.path);
        const value =
          piece.json && typeof original !== "string"
            ? parseRedactedJson(before, text, spans)
            : text;
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
