import { describe, expect, it } from "vitest";
import { maxCategoryLength, placeholder } from "./placeholder.js";

/** The shape every placeholder has. */
const shape = /^\[REDACTED(?::[A-Za-z0-9_.-]+)?\]$/;

describe("placeholder", () => {
  it("names the category", () => {
    expect(placeholder("credit_card")).toBe("[REDACTED:credit_card]");
    expect(placeholder("pii.email-v2")).toBe("[REDACTED:pii.email-v2]");
  });

  it("is [REDACTED] without a category", () => {
    expect(placeholder()).toBe("[REDACTED]");
    expect(placeholder(undefined)).toBe("[REDACTED]");
    expect(placeholder("")).toBe("[REDACTED]");
  });

  it("is [REDACTED] for a category that is not a string at runtime", () => {
    for (const category of [null, 42, {}, ["email"], Symbol("email"), () => "email"]) {
      expect(placeholder(category as unknown as string)).toBe("[REDACTED]");
    }
  });

  it("turns runs of other characters between kept ones into one _, and drops them at the ends", () => {
    expect(placeholder("credit card")).toBe("[REDACTED:credit_card]");
    expect(placeholder("  email \n")).toBe("[REDACTED:email]");
    expect(placeholder("a]b")).toBe("[REDACTED:a_b]");
    expect(placeholder("email] [REDACTED:x")).toBe("[REDACTED:email_REDACTED_x]");
    expect(placeholder("e\u0000m\u001bail\u2028")).toBe("[REDACTED:e_m_ail]");
    expect(placeholder("nom d’utilisateur")).toBe("[REDACTED:nom_d_utilisateur]");
  });

  it("is [REDACTED] when no letter or digit is left", () => {
    for (const category of ["]", " ", "\n", "___", "-.-", "]]]", "日本語", "\u0301"]) {
      expect(placeholder(category)).toBe("[REDACTED]");
    }
  });

  it(`keeps at most ${maxCategoryLength} characters`, () => {
    expect(placeholder("x".repeat(1000))).toBe(`[REDACTED:${"x".repeat(maxCategoryLength)}]`);
  });

  it("never breaks the placeholder's shape", () => {
    const categories = [
      "]",
      "a]",
      "[REDACTED:x]",
      "a b",
      "line\nbreak",
      "tab\t",
      "\u0000",
      "\ud800",
      "undefined",
      "x".repeat(10_000),
      "é",
      "👋",
    ];
    for (const category of categories) expect(placeholder(category)).toMatch(shape);
  });
});
