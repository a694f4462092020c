import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, html } from "./html.js";

describe("html", () => {
  it("escapes every interpolated string and number, and keeps markup built by html", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(
      html`<p title="${"\"x\" & 'y'"}">${"<script>alert(1)</script>"}${inner}${42}</p>`.value,
    ).toBe(
      '<p title="&quot;x&quot; &amp; &#39;y&#39;">&lt;script&gt;alert(1)&lt;/script&gt;<b>&lt;i&gt;</b>42</p>',
    );
  });

  it("joins arrays and renders nothing for undefined, null and false", () => {
    expect(html`${["<a>", html`<br>`]}${undefined}${null}${false}`.value).toBe("&lt;a&gt;<br>");
  });

  it("replaces characters an HTML document cannot hold", () => {
    expect(escapeHtml("a\u0000b\u001bc\u0085d\ud800e\tf\ng")).toBe(
      "a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng",
    );
  });

  it("never lets a string open a tag, an entity or close an attribute (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        // Every & starts one of the entities the escaping writes.
        expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, "")).not.toContain("&");
      }),
    );
  });
});
