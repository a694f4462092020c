import { describe, expect, it } from "vitest";
import { StretchMerger } from "./stretch-merger.js";

const spans = (merger: StretchMerger) =>
  merger.stretches.map(({ start, end, namer }) => [start, end, namer]);

describe("StretchMerger", () => {
  it("keeps stretches that are apart", () => {
    const merger = new StretchMerger();
    merger.addOccurrence(0, 2, 0);
    merger.addOccurrence(3, 5, 1);
    expect(spans(merger)).toEqual([
      [0, 2, 0],
      [3, 5, 1],
    ]);
  });

  it("merges overlapping and touching occurrences", () => {
    const merger = new StretchMerger();
    merger.addOccurrence(0, 2, 0);
    merger.addOccurrence(1, 3, 1);
    merger.addOccurrence(3, 4, 2);
    expect(spans(merger)).toEqual([[0, 4, 0]]);
  });

  it("names a stretch after the occurrence that starts first, however long the others are", () => {
    const merger = new StretchMerger();
    merger.addOccurrence(2, 3, 0);
    merger.addOccurrence(1, 10, 1);
    merger.addOccurrence(0, 11, 2);
    expect(spans(merger)).toEqual([[0, 11, 2]]);
  });

  it("names a stretch after the longest of the occurrences that start first", () => {
    const merger = new StretchMerger();
    merger.addOccurrence(0, 2, 0);
    merger.addOccurrence(0, 4, 1);
    merger.addOccurrence(3, 6, 2);
    expect(spans(merger)).toEqual([[0, 6, 1]]);
  });

  it("names a stretch after the span given first when occurrences are alike", () => {
    const merger = new StretchMerger();
    merger.addOccurrence(0, 3, 5);
    merger.addOccurrence(0, 3, 2);
    merger.addOccurrence(0, 3, 7);
    expect(spans(merger)).toEqual([[0, 3, 2]]);
  });

  it("reaches back over several stretches", () => {
    const merger = new StretchMerger();
    merger.addOccurrence(1, 2, 0);
    merger.addOccurrence(4, 5, 1);
    merger.addOccurrence(7, 8, 2);
    merger.addOccurrence(3, 9, 3);
    expect(spans(merger)).toEqual([
      [1, 2, 0],
      [3, 9, 3],
    ]);
  });
});
