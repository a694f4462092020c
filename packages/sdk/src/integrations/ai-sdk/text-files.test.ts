import { describe, expect, it } from "vitest";
import { AnthaleError } from "../../base/errors.js";
import { DecodedText, decodeFile, encodeFile, isTextMediaType } from "./text-files.js";

describe("isTextMediaType", () => {
  it("knows text media types, with or without parameters", () => {
    for (const type of [
      "text/plain",
      "text/csv; charset=utf-8",
      "application/json",
      "application/ld+json",
      "application/xml",
      "application/x-yaml",
      "TEXT/MARKDOWN",
    ]) {
      expect(isTextMediaType(type)).toBe(true);
    }
    for (const type of [
      "image/png",
      "application/pdf",
      "audio/mpeg",
      "application/octet-stream",
      undefined,
    ]) {
      expect(isTextMediaType(type)).toBe(false);
    }
  });
});

describe("decodeFile and encodeFile", () => {
  const text = "Notes: café ✓";
  const bytes = new TextEncoder().encode(text);
  const base64 = btoa(String.fromCharCode(...bytes));

  it("decode a text file given as base64 or bytes, and give the original back when unchanged", () => {
    for (const data of [base64, bytes]) {
      const part = { type: "file", mediaType: "text/plain", data };
      const decoded = decodeFile(part);
      expect(decoded.data).toBeInstanceOf(DecodedText);
      expect((decoded.data as unknown as DecodedText).text).toBe(text);
      expect(encodeFile(decoded).data).toBe(data);
    }
  });

  it("encode a changed text the way the data was given", () => {
    for (const data of [base64, bytes]) {
      const decoded = decodeFile({ type: "file-data", mediaType: "text/plain", data });
      const changed = {
        ...decoded,
        data: Object.assign(Object.create(DecodedText.prototype), decoded.data, {
          text: "Notes: [REDACTED]",
        }),
      };
      const encoded = encodeFile(changed).data;
      const back =
        typeof encoded === "string"
          ? atob(encoded)
          : new TextDecoder().decode(encoded as Uint8Array);
      expect(back).toBe("Notes: [REDACTED]");
      expect(typeof encoded).toBe(typeof data);
    }
  });

  it("leave other files and parts alone", () => {
    const image = { type: "file", mediaType: "image/png", data: base64 };
    const url = {
      type: "file",
      mediaType: "text/plain",
      data: new URL("https://example.com/a.txt"),
    };
    const text = { type: "text", text: "hi" };
    for (const part of [image, url, text]) expect(decodeFile(part)).toBe(part);
  });

  it("refuse a text file whose data is not base64, rather than pass it unchecked", () => {
    expect(() =>
      decodeFile({ type: "file", mediaType: "text/plain", data: "not base64 !" }),
    ).toThrow(AnthaleError);
  });
});
