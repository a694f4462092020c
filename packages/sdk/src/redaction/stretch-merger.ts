/** A stretch `[start, end)` of text to hide, and the occurrence its placeholder is named after. */
export interface Stretch {
  start: number;
  end: number;
  /** Where the naming occurrence starts. */
  namerStart: number;
  /** How long the naming occurrence is. */
  namerLength: number;
  /** Index of the naming occurrence's span. */
  namer: number;
}

/**
 * Whether occurrence `a` names a stretch before occurrence `b`: the one that starts first, then
 * the longer one, then the span given first.
 */
function namesBefore(a: Stretch, b: Stretch): boolean {
  if (a.namerStart !== b.namerStart) return a.namerStart < b.namerStart;
  if (a.namerLength !== b.namerLength) return a.namerLength > b.namerLength;
  return a.namer < b.namer;
}

/**
 * Merges stretches that overlap or touch, as they come in order of their end, into stretches
 * that are apart, each named after the first of its occurrences (see {@link namesBefore}).
 * Each stretch added is merged in and out at most once, so the work is linear in their number.
 */
export class StretchMerger {
  /** The merged stretches so far, in order; none overlap or touch. */
  readonly stretches: Stretch[] = [];

  /** Adds an occurrence of span `span` at `[start, end)`. */
  addOccurrence(start: number, end: number, span: number): void {
    const top = this.stretches[this.stretches.length - 1];
    // Most occurrences overlap only the last stretch and name nothing: extend it in place.
    if (
      top &&
      top.end >= start &&
      top.start <= start &&
      (top.namerStart < start || (top.namerStart === start && top.namerLength >= end - start))
    ) {
      if (end > top.end) top.end = end;
      if (top.namerStart === start && top.namerLength === end - start && span < top.namer) {
        top.namer = span;
      }
      return;
    }
    this.add({ start, end, namerStart: start, namerLength: end - start, namer: span });
  }

  /**
   * Adds a stretch (the object is kept, and may be changed). It must not end before the last
   * stretch in the list starts (stretches come in order of their end, or overlap the last one),
   * so that it can only reach back into the stretches at the end of the list.
   */
  add(stretch: Stretch): void {
    const merged = stretch;
    for (
      let top = this.stretches.at(-1);
      top && top.end >= merged.start;
      top = this.stretches.at(-1)
    ) {
      this.stretches.pop();
      merged.start = Math.min(merged.start, top.start);
      merged.end = Math.max(merged.end, top.end);
      if (namesBefore(top, merged)) {
        merged.namerStart = top.namerStart;
        merged.namerLength = top.namerLength;
        merged.namer = top.namer;
      }
    }
    this.stretches.push(merged);
  }
}
