// The NFC view of a stretch of text with maps from its offsets back to the original, so a span
// found in the normalized text can be hidden in the text as written.
import { isPlain } from "./graphemes.js";

/**
 * The NFC form of a stretch of text, and the way back from its offsets to the original's: the
 * original characters a match `[start, end)` of `text` was normalized from all lie in
 * `[rawStart[start], rawEnd[end])`. Where a match starts or ends inside a changed part, that part
 * is taken whole, so the stretch may be a little wider than the match.
 */
export interface NormalizedView {
  /** The stretch in Unicode normalization form C. */
  text: string;
  /** For each offset of `text`, the original offset a match starting there starts at. */
  rawStart: Int32Array;
  /** For each offset of `text`, the original offset a match ending there ends at. */
  rawEnd: Int32Array;
}

/** Code units below this are their own NFC form. */
const firstCombining = 0x300;

/** How long a stretch is checked in one piece before its parts are looked at one by one. */
const groupLength = 256;

/**
 * The NFC form of `text[from, to)` (taken as a text of its own) with its offset maps, or
 * `undefined` when that stretch is in NFC already (the common case, checked first).
 *
 * Normalization never changes anything across the start of a plain character (see `isPlain`):
 * none composes with, or reorders around, what comes before it. So the stretch is cut into
 * chunks there, and each chunk holding a code unit that may change is normalized alone (groups of
 * chunks that do not change as a whole are skipped at once). What a chunk has in common with its
 * NFC form at either end maps one to one; the part in between maps as a whole to the original
 * part it came from. Time is linear in the stretch's length.
 */
export function normalizedView(text: string, from: number, to: number): NormalizedView | undefined {
  const piece = text.slice(from, to);
  if (!/[\u0300-\uffff]/.test(piece) || piece.normalize("NFC") === piece) return undefined;

  // The view is built from parts; `mapped` holds, per part, [view offset, raw offset, exact].
  const parts: string[] = [];
  const mapped: number[] = [];
  let length = 0;
  let raw = from;
  const add = (part: string, rawEnd: number, exact: boolean) => {
    if (part.length === 0 && rawEnd === raw) return;
    parts.push(part);
    mapped.push(length, raw, exact ? 1 : 0);
    length += part.length;
    raw = rawEnd;
  };
  const copyTo = (rawEnd: number) => add(text.slice(raw, rawEnd), rawEnd, true);
  const startsChunk = (at: number) => isPlain(text.charCodeAt(at));

  for (let groupStart = from; groupStart < to; ) {
    let groupEnd = Math.min(to, groupStart + groupLength);
    while (groupEnd < to && !startsChunk(groupEnd)) groupEnd++;
    const group = text.slice(groupStart, groupEnd);
    const changes = group.normalize("NFC") !== group;
    for (let at = groupStart; changes && at < groupEnd; at++) {
      if (text.charCodeAt(at) < firstCombining) continue;
      let start = at;
      while (start > groupStart && !startsChunk(start)) start--;
      let end = at + 1;
      while (end < groupEnd && !startsChunk(end)) end++;
      copyTo(start);
      const chunk = text.slice(start, end);
      const normalized = chunk.normalize("NFC");
      if (normalized !== chunk) {
        // The common ends map one to one; keep something on both sides of the part in between.
        const shorter = Math.min(chunk.length, normalized.length);
        let head = 0;
        while (head < shorter && chunk.charCodeAt(head) === normalized.charCodeAt(head)) head++;
        let tail = 0;
        while (
          tail < shorter - head &&
          chunk.charCodeAt(chunk.length - 1 - tail) ===
            normalized.charCodeAt(normalized.length - 1 - tail)
        ) {
          tail++;
        }
        while (head + tail >= shorter) {
          if (tail > 0) tail--;
          else head--;
        }
        copyTo(start + head);
        add(normalized.slice(head, normalized.length - tail), end - tail, false);
      }
      copyTo(end);
      at = end - 1;
    }
    groupStart = groupEnd;
  }
  copyTo(to);

  const rawStart = new Int32Array(length + 1);
  const rawEnd = new Int32Array(length + 1);
  rawEnd[0] = from;
  rawStart[length] = to;
  for (let part = 0; part < mapped.length; part += 3) {
    const viewFrom = mapped[part] as number;
    const rawFrom = mapped[part + 1] as number;
    const exact = mapped[part + 2] === 1;
    const viewTo = (mapped[part + 3] as number | undefined) ?? length;
    const rawTo = (mapped[part + 4] as number | undefined) ?? to;
    for (let offset = viewFrom; offset < viewTo; offset++) {
      rawStart[offset] = exact ? rawFrom + (offset - viewFrom) : rawFrom;
      rawEnd[offset + 1] = exact ? rawFrom + (offset + 1 - viewFrom) : rawTo;
    }
  }
  return { text: parts.join(""), rawStart, rawEnd };
}
