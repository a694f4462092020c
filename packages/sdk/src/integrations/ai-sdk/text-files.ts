// Text files in AI SDK prompts and results, decoded to be checked as text and encoded back.
import { AnthaleError } from "../../base/errors.js";
import { arrayOf, recordOf } from "../shared/index.js";

type Json = Record<string, unknown>;

/**
 * The data of a text file (such as `text/plain` or `application/json`), decoded so its text can be
 * checked and redacted like any other; `original` is the data as given (base64 or bytes), written
 * back as is when the text stays the same.
 */
export class DecodedText {
  /** The file's text. */
  readonly text: string;
  /** The data as given. */
  readonly original: string | Uint8Array;
  /** The text of the data as given. */
  readonly originalText: string;

  constructor(original: string | Uint8Array, text: string) {
    this.text = text;
    this.original = original;
    this.originalText = text;
  }
}

/** Whether files of `mediaType` hold text: `text/*`, JSON, XML, YAML, CSV, JavaScript, SQL. */
export function isTextMediaType(mediaType: unknown): boolean {
  const type = String(mediaType).split(";")[0]?.trim().toLowerCase() ?? "";
  return /^text\/|[/+-](json|ndjson|xml|yaml|csv|javascript|sql)$/.test(type);
}

function decode(data: string | Uint8Array): string {
  let bytes = data;
  if (typeof bytes === "string") {
    try {
      bytes = Uint8Array.from(atob(bytes), (character) => character.charCodeAt(0));
    } catch {
      throw new AnthaleError("A text file's data is not base64: it cannot be checked");
    }
  }
  return new TextDecoder().decode(bytes);
}

function encode(text: string, like: string | Uint8Array): string | Uint8Array {
  const bytes = new TextEncoder().encode(text);
  if (typeof like !== "string") return bytes;
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * `part` with its `data` decoded into a {@link DecodedText} when it is a text file given as base64
 * or bytes (a `file` or `file-data` part); any other part as it is. Data that claims to be base64
 * and is not throws: it cannot be checked.
 */
export function decodeFile<P>(part: P): P {
  const { type, mediaType, data } = recordOf(part);
  const file = type === "file" || type === "file-data";
  if (!file || !isTextMediaType(mediaType)) return part;
  if (typeof data !== "string" && !(data instanceof Uint8Array)) return part;
  return { ...(part as Json), data: new DecodedText(data, decode(data)) } as P;
}

/**
 * `part` with a {@link DecodedText} `data` back in its original form: the original data when the
 * text did not change, the new text encoded the same way (base64 or bytes) otherwise.
 */
export function encodeFile<P>(part: P): P {
  const data = recordOf(part).data;
  if (!(data instanceof DecodedText)) return part;
  const same = data.text === data.originalText;
  return { ...(part as Json), data: same ? data.original : encode(data.text, data.original) } as P;
}

/** Applies `change` to every file that can be in the parts of `content`, tool results' included. */
function mapFiles(content: unknown, change: <P>(part: P) => P): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((value) => {
    const part = recordOf(value);
    const output = recordOf(part.output);
    if (part.type === "tool-result" && output.type === "content") {
      const files = arrayOf(output.value).map(change);
      return { ...part, output: { ...output, value: files } };
    }
    return change(value);
  });
}

/**
 * A call's options with the text files of its prompt changed by `change`: decoded with
 * {@link decodeFile}, or encoded back with {@link encodeFile}.
 */
export function mapPromptFiles<T extends { prompt: unknown[] }>(
  params: T,
  change: <P>(part: P) => P,
): T {
  const prompt = params.prompt.map((message) => {
    const { content } = recordOf(message);
    return Array.isArray(content)
      ? { ...recordOf(message), content: mapFiles(content, change) }
      : message;
  });
  return { ...params, prompt };
}

/** A generate result with the text files of its content decoded or encoded back by `change`. */
export function mapContentFiles<R extends { content: unknown[] }>(
  result: R,
  change: <P>(part: P) => P,
): R {
  return { ...result, content: result.content.map(change) };
}
