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

// Splitting on it (a capture group) keeps the placeholders at the odd indices.
const placeholders = /(\[REDACTED:[^\]\s]*\])/;

function redactSegment(text: string, spans: readonly Span[]): string {
  // owner[i] is the span covering character i; longer spans win where spans overlap.
  const owner: Span[] = [];
  for (const span of spans) {
    const { length } = span.span;
    for (let at = text.indexOf(span.span); at !== -1; at = text.indexOf(span.span, at + 1)) {
      for (let i = at; i < at + length; i++) {
        if ((owner[i]?.span.length ?? 0) < length) owner[i] = span;
      }
    }
  }
  if (owner.length === 0) return text;
  // Each run of covered characters becomes one placeholder, named by its first character's span.
  let result = "";
  for (let i = 0; i < text.length; i++) {
    const span = owner[i];
    if (!span) result += text[i];
    else if (!owner[i - 1]) result += placeholder(span.category);
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
  return text
    .split(placeholders)
    .map((piece, index) => (index % 2 === 1 ? piece : redactSegment(piece, usable)))
    .join("");
}
