import { describe, expect, it } from "vitest";
import { applyRedactions, placeholder, redactText, type Span, SpanMatcher } from "./redact-text.js";

const email = (span: string) => ({ span, category: "email" });

describe("redactText", () => {
  it("replaces every occurrence of a span", () => {
    expect(redactText("a@b.io wrote to a@b.io", [email("a@b.io")])).toBe(
      "[REDACTED:email] wrote to [REDACTED:email]",
    );
  });

  it("matches spans as plain text, not as patterns", () => {
    expect(redactText("cost: $5.00 (a+b)*", [{ span: "$5.00 (a+b)*", category: "other" }])).toBe(
      "cost: [REDACTED:other]",
    );
    expect(redactText("a.c abc", [{ span: "a.c", category: "other" }])).toBe(
      "[REDACTED:other] abc",
    );
  });

  it("replaces a span inside text that looks like a placeholder", () => {
    expect(redactText("Sure: [REDACTED:ceo@acme.com]", [email("ceo@acme.com")])).toBe(
      "Sure: [REDACTED:[REDACTED:email]]",
    );
    expect(redactText("[REDACTED:jane@x.io", [email("jane@x.io")])).toBe(
      "[REDACTED:[REDACTED:email]",
    );
    expect(redactText("see [REDACTED:email]", [{ span: "email", category: "word" }])).toBe(
      "see [REDACTED:[REDACTED:word]]",
    );
  });

  it("merges overlapping spans into one placeholder, named by the one that starts first", () => {
    expect(
      redactText("call 555-0100-22 now", [
        { span: "555-0100", category: "phone" },
        { span: "0100-22", category: "other" },
      ]),
    ).toBe("call [REDACTED:phone] now");
    // The longer span starts later: the one that starts first still names the stretch.
    expect(
      redactText("call 555-0100-22-99 now", [
        { span: "0100-22-99", category: "other" },
        { span: "555-0100", category: "phone" },
      ]),
    ).toBe("call [REDACTED:phone] now");
  });

  it("names a stretch by the longest span among those that start first, then by the span given first", () => {
    expect(
      redactText("id 1234-5678", [
        { span: "1234", category: "short" },
        { span: "1234-5678", category: "long" },
      ]),
    ).toBe("id [REDACTED:long]");
    expect(
      redactText("id 1234", [
        { span: "1234", category: "first" },
        { span: "1234", category: "second" },
      ]),
    ).toBe("id [REDACTED:first]");
  });

  it("merges adjacent spans into one placeholder", () => {
    expect(
      redactText("name: JaneDoe.", [
        { span: "Doe", category: "surname" },
        { span: "Jane", category: "name" },
      ]),
    ).toBe("name: [REDACTED:name].");
  });

  it("merges overlapping occurrences of one span", () => {
    expect(redactText("xaaay", [{ span: "aa", category: "other" }])).toBe("x[REDACTED:other]y");
  });

  it("ignores empty spans and leaves text without spans untouched", () => {
    expect(redactText("hello", [{ span: "", category: "other" }])).toBe("hello");
    expect(redactText("hello", [email("bye")])).toBe("hello");
    expect(redactText("hello", [])).toBe("hello");
    expect(redactText("", [email("x")])).toBe("");
  });

  it("ignores spans that are not strings at runtime", () => {
    const spans = [{ span: 42 }, { span: undefined }, null, email("x@y.z")] as unknown as Span[];
    expect(redactText("x@y.z 42", spans)).toBe("[REDACTED:email] 42");
  });

  it("handles unicode spans", () => {
    expect(redactText("名前は山田太郎です 👋", [{ span: "山田太郎", category: "name" }])).toBe(
      "名前は[REDACTED:name]です 👋",
    );
  });

  it("writes [REDACTED] for a span without a category", () => {
    expect(redactText("the code is 1234", [{ span: "1234" }])).toBe("the code is [REDACTED]");
    expect(redactText("the code is 1234", [{ span: "1234", category: undefined }])).toBe(
      "the code is [REDACTED]",
    );
  });

  it("sanitizes the category in the placeholder", () => {
    expect(redactText("pin 1234", [{ span: "1234", category: "a] b\nc" }])).toBe(
      "pin [REDACTED:a_b_c]",
    );
    expect(redactText("pin 1234", [{ span: "1234", category: "]\u0000" }])).toBe("pin [REDACTED]");
    expect(placeholder("credit_card")).toBe("[REDACTED:credit_card]");
  });

  describe("matches spans NFC-normalized too", () => {
    it("finds a composed span in decomposed text", () => {
      expect(redactText("user: Jose\u0301 ok", [{ span: "Jos\u00e9", category: "name" }])).toBe(
        "user: [REDACTED:name] ok",
      );
    });

    it("finds a decomposed span in composed text", () => {
      expect(redactText("user: Jos\u00e9 ok", [{ span: "Jose\u0301", category: "name" }])).toBe(
        "user: [REDACTED:name] ok",
      );
    });

    it("finds Hangul jamo and syllables in each other", () => {
      expect(redactText("이름: 김", [{ span: "\u1100\u1175\u11b7", category: "name" }])).toBe(
        "이름: [REDACTED:name]",
      );
      expect(redactText("이름: \u1100\u1175\u11b7!", [{ span: "김", category: "name" }])).toBe(
        "이름: [REDACTED:name]!",
      );
    });

    it("finds spans whose marks come in another order", () => {
      // U+0323 (below) sorts before U+0302 (above) in canonical order.
      expect(redactText("x a\u0302\u0323 y", [{ span: "a\u0323\u0302", category: "v" }])).toBe(
        "x [REDACTED:v] y",
      );
    });
  });

  describe("never leaves half a character", () => {
    it("widens a span that ends or starts inside a surrogate pair", () => {
      expect(redactText("a😀b", [{ span: "a\ud83d", category: "x" }])).toBe("[REDACTED:x]b");
      expect(redactText("a😀b", [{ span: "\ude00b", category: "x" }])).toBe("a[REDACTED:x]");
    });

    it("widens a span followed by a combining mark", () => {
      expect(redactText("name: Rene\u0301!", [{ span: "Rene", category: "name" }])).toBe(
        "name: [REDACTED:name]!",
      );
      expect(redactText("x\u0301\u0316y", [{ span: "\u0316", category: "m" }])).toBe(
        "[REDACTED:m]y",
      );
    });

    it("widens a span inside an emoji ZWJ sequence, a skin tone or a flag", () => {
      expect(redactText("dev: 👩\u200d💻!", [{ span: "👩", category: "e" }])).toBe(
        "dev: [REDACTED:e]!",
      );
      expect(redactText("ok 👍🏽!", [{ span: "👍", category: "e" }])).toBe("ok [REDACTED:e]!");
      // Regional indicators pair up from the start: "🇷🇩" straddles the flags 🇫🇷 and 🇩🇪.
      expect(redactText("a🇫🇷🇩🇪b", [{ span: "\u{1f1f7}\u{1f1e9}", category: "e" }])).toBe(
        "a[REDACTED:e]b",
      );
    });

    it("keeps CR LF together", () => {
      expect(redactText("a\r\nb", [{ span: "\n", category: "nl" }])).toBe("a[REDACTED:nl]b");
    });
  });
});

describe("SpanMatcher", () => {
  it("finds the stretches to hide, in order, with their categories", () => {
    const matcher = new SpanMatcher([email("a@b.io"), { span: "555", category: "phone" }]);
    expect(matcher.find("555 a@b.io 555")).toEqual([
      { start: 0, end: 3, category: "phone" },
      { start: 4, end: 10, category: "email" },
      { start: 11, end: 14, category: "phone" },
    ]);
  });

  it("says where the placeholders it inserted are", () => {
    const matcher = new SpanMatcher([email("a@b.io"), { span: "555" }]);
    const redacted = matcher.redact("x a@b.io 555");
    expect(redacted.text).toBe("x [REDACTED:email] [REDACTED]");
    expect(redacted.placeholders).toEqual([
      { start: 2, end: 18 },
      { start: 19, end: 29 },
    ]);
    for (const { start, end } of redacted.placeholders) {
      expect(redacted.text.slice(start, end)).toMatch(/^\[REDACTED(:email)?\]$/);
    }
  });

  it("leaves the placeholders of an earlier redaction alone when given them to keep", () => {
    const spans = [{ span: "REDACTED", category: "other" }, email("jane@x.io")];
    const matcher = new SpanMatcher(spans);
    const once = matcher.redact("REDACTED: jane@x.io");
    expect(once.text).toBe("[REDACTED:other]: [REDACTED:email]");
    const twice = matcher.redact(once.text, once.placeholders);
    expect(twice).toEqual(once);
    // Without them, the text is only text: the look-alike is redacted again.
    expect(matcher.redact(once.text).text).toBe(
      "[[REDACTED:other]:other]: [[REDACTED:other]:email]",
    );
  });

  it("matches nothing inside a keep range and nothing across one", () => {
    const matcher = new SpanMatcher([
      { span: "abc", category: "x" },
      { span: "b", category: "y" },
    ]);
    expect(matcher.find("abc abc", [{ start: 1, end: 2 }])).toEqual([
      { start: 4, end: 7, category: "x" },
    ]);
    expect(matcher.find("abcb", [{ start: 0, end: 3 }])).toEqual([
      { start: 3, end: 4, category: "y" },
    ]);
  });

  it("takes the text between keep ranges as texts of their own for whole characters", () => {
    // The mark after the kept range is not widened into it.
    const matcher = new SpanMatcher([{ span: "\u0301", category: "m" }]);
    expect(matcher.find("e\u0301", [{ start: 0, end: 1 }])).toEqual([
      { start: 1, end: 2, category: "m" },
    ]);
  });

  it("moves the kept ranges along with the text in the placeholders it returns", () => {
    const matcher = new SpanMatcher([email("a@b.io")]);
    const redacted = matcher.redact("a@b.io [K] a@b.io [K]", [
      { start: 7, end: 10 },
      { start: 18, end: 21 },
    ]);
    expect(redacted.text).toBe("[REDACTED:email] [K] [REDACTED:email] [K]");
    expect(redacted.placeholders).toEqual([
      { start: 0, end: 16 },
      { start: 17, end: 20 },
      { start: 21, end: 37 },
      { start: 38, end: 41 },
    ]);
  });

  it("keeps less, never more, for keep ranges out of bounds, reversed or not numbers", () => {
    const matcher = new SpanMatcher([{ span: "x", category: "c" }]);
    const keep = [
      { start: -5, end: 1 },
      { start: 3, end: 2 },
      { start: Number.NaN, end: 9 },
      { start: 4.5, end: 5.5 },
      { start: 8, end: 100 },
    ];
    expect(matcher.find("xxxxxxxxxx", keep).map(({ start, end }) => [start, end])).toEqual([
      [1, 8],
    ]);
  });

  it("tells which spans occurred, shorter ones found only inside longer ones included", () => {
    const matcher = new SpanMatcher([
      email("ceo@acme.com"),
      { span: "acme", category: "org" },
      { span: "nowhere", category: "x" },
      { span: "", category: "empty" },
    ]);
    matcher.find("write to ceo@acme.com");
    expect(matcher.found).toEqual([true, true, false, false]);
  });

  it("tells which spans occurred in any text searched", () => {
    const matcher = new SpanMatcher([email("a@b.io"), { span: "555", category: "phone" }]);
    matcher.redact("call 555");
    expect(matcher.found).toEqual([false, true]);
    matcher.redact("mail a@b.io");
    expect(matcher.found).toEqual([true, true]);
    matcher.redact("nothing here");
    expect(matcher.found).toEqual([true, true]);
  });

  it("tells a span occurred when only its NFC form did, in either direction", () => {
    const matcher = new SpanMatcher([
      { span: "Jos\u00e9", category: "composed" },
      { span: "Rene\u0301", category: "decomposed" },
      { span: "Zoe\u0308", category: "absent" },
    ]);
    matcher.find("Jose\u0301 and Ren\u00e9");
    expect(matcher.found).toEqual([true, true, false]);
  });

  it("does not count occurrences inside keep ranges", () => {
    const matcher = new SpanMatcher([{ span: "REDACTED", category: "x" }]);
    matcher.find("[REDACTED:x]", [{ start: 0, end: 12 }]);
    expect(matcher.found).toEqual([false]);
  });

  it("applies redactions given out of order or overlapping, hiding every stretch given", () => {
    expect(
      applyRedactions("abcdef", [
        { start: 2, end: 4, category: "y" },
        { start: 1, end: 3, category: "x" },
        { start: 5, end: 99, category: "z" },
        { start: 0, end: 0, category: "empty" },
      ]),
    ).toEqual({
      text: "a[REDACTED:x]e[REDACTED:z]",
      placeholders: [
        { start: 1, end: 13 },
        { start: 14, end: 26 },
      ],
    });
  });
});
