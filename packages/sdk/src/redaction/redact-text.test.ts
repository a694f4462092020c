import { describe, expect, it } from "vitest";
import { placeholder, redactText } from "./redact-text.js";

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
  it("merges overlapping spans into one placeholder, named by the longer", () => {
    expect(
      redactText("call 555-0100-22 now", [
        { span: "555-0100", category: "phone" },
        { span: "0100-22", category: "other" },
      ]),
    ).toBe("call [REDACTED:phone] now");
  });
  it("merges overlapping occurrences of one span", () => {
    expect(redactText("xaaay", [{ span: "aa", category: "other" }])).toBe("x[REDACTED:other]y");
  });
  it("ignores empty spans and leaves text without spans untouched", () => {
    expect(redactText("hello", [{ span: "", category: "other" }])).toBe("hello");
    expect(redactText("hello", [email("bye")])).toBe("hello");
    expect(redactText("", [email("x")])).toBe("");
  });
  it("handles unicode spans", () => {
    expect(redactText("名前は山田太郎です 👋", [{ span: "山田太郎", category: "name" }])).toBe(
      "名前は[REDACTED:name]です 👋",
    );
  });
  it("is idempotent, even when a span looks like part of a placeholder", () => {
    const spans = [{ span: "REDACTED", category: "other" }, email("jane@x.io")];
    const once = redactText("REDACTED: jane@x.io", spans);
    expect(once).toBe("[REDACTED:other]: [REDACTED:email]");
    expect(redactText(once, spans)).toBe(once);
  });
  it("builds placeholders from the category", () => {
    expect(placeholder("credit_card")).toBe("[REDACTED:credit_card]");
  });
});
