/** A piece of text to hide, and the category named in its placeholder. */
export interface Span {
  /** The exact text to hide. */
  span: string;
  /** Category shown in the placeholder, such as `email`. */
  category: string;
}

/** The placeholder that replaces a leaked span: `[REDACTED:<category>]`. */
export function placeholder(category: string): string {
  return `[REDACTED:${category}]`;
}

const placeholderPattern = /\[REDACTED:[^\]\s]*\]/g;

function redactSegment(text: string, spans: readonly Span[]): string {
  if (text.length === 0) return text;
  // owner[i] is the span covering character i; longer spans win where spans overlap.
  const owner: (Span | undefined)[] = new Array(text.length);
  let found = false;
  for (const span of spans) {
    for (let at = text.indexOf(span.span); at !== -1; at = text.indexOf(span.span, at + 1)) {
      found = true;
      for (let i = at; i < at + span.span.length; i++) {
        const current = owner[i];
        if (current === undefined || current.span.length < span.span.length) owner[i] = span;
      }
    }
  }
  if (!found) return text;
  let result = "";
  let i = 0;
  while (i < text.length) {
    const span = owner[i];
    if (span === undefined) {
      const start = i;
      while (i < text.length && owner[i] === undefined) i++;
      result += text.slice(start, i);
    } else {
      while (i < text.length && owner[i] !== undefined) i++;
      result += placeholder(span.category);
    }
  }
  return result;
}

/**
 * Replaces every occurrence of every span in `text` by `[REDACTED:<category>]`.
 *
 * Overlapping and adjacent occurrences merge into one placeholder, spans are matched as plain
 * text (no pattern syntax), empty spans are ignored, and placeholders already in the text are left
 * alone, so redacting twice gives the same result as redacting once.
 */
export function redactText(text: string, spans: readonly Span[]): string {
  const usable = spans.filter((span) => span.span.length > 0);
  if (usable.length === 0) return text;
  let result = "";
  let last = 0;
  for (const match of text.matchAll(placeholderPattern)) {
    result += redactSegment(text.slice(last, match.index), usable) + match[0];
    last = match.index + match[0].length;
  }
  return result + redactSegment(text.slice(last), usable);
}
