import { describe, expect, it } from "vitest";
import { SpanMatcher } from "../../redaction/redact-text.js";
import { escapedStretches } from "./json-escapes.js";
import { mergeStretches, PieceText, StreamChannel } from "./stream-channel.js";

describe("PieceText", () => {
  it("takes any stretch across the pieces it was built from", () => {
    const text = new PieceText();
    for (const part of ["ab", "", "cde", "f", "ghij"]) text.append(part);
    const whole = "abcdefghij";
    expect(text.whole).toBe(whole);
    expect(text.length).toBe(10);
    for (let from = 0; from <= 10; from++) {
      for (let to = from; to <= 12; to++) expect(text.slice(from, to)).toBe(whole.slice(from, to));
    }
  });
});

describe("StreamChannel", () => {
  it("moves the release boundary to the last whitespace each check covered", () => {
    const channel = new StreamChannel();
    channel.append("one two", false);
    channel.passCheck(7);
    expect(channel.boundary).toBe(4);
    channel.append("three", false);
    channel.passCheck(12);
    expect(channel.boundary).toBe(4);
    channel.append(" four", false);
    channel.passCheck(13);
    expect(channel.boundary).toBe(13);
    expect(channel.mayRelease(13)).toBe(true);
    expect(channel.mayRelease(14)).toBe(false);
  });

  it("settles once enough text follows, and searches only from there on", () => {
    const matcher = new SpanMatcher([{ span: "Jane Doe", category: "name" }]);
    const channel = new StreamChannel();
    channel.append("Hi Jane Doe", false);
    channel.search(matcher, 8);
    // Fewer than 8 + 4 plain characters: nothing settles yet.
    expect(channel.settled).toBe(0);
    channel.append(", how are you today? Fine thanks.", false);
    channel.search(matcher, 8);
    // At least 8 + 4 plain characters after it, and not touching the stretch [3, 11).
    expect(channel.settled).toBeGreaterThan(11);
    expect(channel.settled).toBeLessThanOrEqual(channel.text.length - 12);
    expect(channel.hidden).toEqual([{ start: 3, end: 11, category: "name" }]);
  });

  it("never settles a JSON channel inside an escape sequence", () => {
    // An escaped backslash followed by "u0040": no "@" in the JSON, but a search starting between
    // the two backslashes would read one.
    const matcher = new SpanMatcher([
      { span: "@", category: "email" },
      { span: "u0040zzzzzz", category: "other" },
    ]);
    const channel = new StreamChannel();
    const start = `${"a".repeat(10)}\\\\u0040zzzzzz${"y".repeat(12)}`;
    channel.append(start, true);
    channel.search(matcher, 11);
    channel.append(`${"x".repeat(30)}`, true);
    channel.search(matcher, 11);
    const whole = channel.text.whole;
    expect(channel.hidden).toEqual(
      mergeStretches(matcher.find(whole), escapedStretches(whole, matcher)),
    );
    expect(channel.hidden.map(({ category }) => category)).toEqual(["other"]);
  });

  it("releases up to a piece's end, holding back a stretch the end falls inside", () => {
    const matcher = new SpanMatcher([{ span: "jane@x.io", category: "email" }]);
    const channel = new StreamChannel();
    const first = channel.append("Mail jane", false);
    const second = channel.append("@x.io now", false);
    channel.search(matcher, 9);
    expect(channel.release(first)).toBe("Mail ");
    expect(channel.release(second)).toBe("[REDACTED:email] now");
  });
});
