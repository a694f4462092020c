import { describe, expect, it } from "vitest";
import { AnthaleError } from "../../base/errors.js";
import type { EnforceResult, Message } from "../../base/types.js";
import { redactConversation } from "../../redaction/redact-messages.js";
import { SpanMatcher } from "../../redaction/redact-text.js";
import { PayloadMapping, parseRedactedJson, readAt, writeAt } from "./payload-mapping.js";

/**
 * The evaluations of a `redact` result flagging `spans` as emails, each thread naming the first of
 * `messages` that holds its span (the first message when none does).
 */
function evaluationsOf(
  spans: string[],
  messages: readonly Message[] = [],
): EnforceResult["evaluations"] {
  const holds = ({ content }: Message, span: string) =>
    typeof content === "string"
      ? content.includes(span)
      : content.some((block) => block.text.includes(span));
  return [
    {
      guardrailKey: "data-leakage-prevention",
      action: "redact",
      score: 0.9,
      threads: spans.map((span) => ({
        span,
        category: "email",
        score: 0.9,
        messageIdentifier: Math.max(
          0,
          messages.findIndex((message) => holds(message, span)),
        ),
        contentIdentifier: 0,
      })),
    },
  ];
}

/** A `redact` result over `messages` flagging `spans`, as `enforce` builds it. */
const redactResult = (messages: readonly Message[], spans: string[]): EnforceResult => {
  const evaluations = evaluationsOf(spans, messages);
  const { messages: redactedMessages, report } = redactConversation(messages, evaluations);
  return {
    enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f",
    action: "redact",
    evaluations,
    ...(redactedMessages && { redactedMessages }),
    redaction: report,
  };
};

describe("writeAt", () => {
  it("copies only the objects on the path and keeps prototypes", () => {
    class Box {
      constructor(public items: { text: string }[]) {}
      get first() {
        return this.items[0]?.text;
      }
    }
    const root = { box: new Box([{ text: "a" }, { text: "b" }]), other: { x: 1 } };
    const next = writeAt(root, ["box", "items", 0, "text"], "z");
    expect(next.box.first).toBe("z");
    expect(next.box).toBeInstanceOf(Box);
    expect(root.box.first).toBe("a");
    expect(next.other).toBe(root.other);
    expect(next.box.items[1]).toBe(root.box.items[1]);
    expect(readAt(next, ["box", "items", 0, "text"])).toBe("z");
  });
});

describe("PayloadMapping", () => {
  const body: {
    system: string;
    messages: { role: string; content?: unknown[]; tool?: { args: unknown } }[];
  } = {
    system: "Be brief.",
    messages: [
      { role: "user", content: [{ text: "Hi" }, { image: "..." }, { text: "I am a@b.co" }] },
      { role: "assistant", tool: { args: { to: "a@b.co", n: 1 } } },
    ],
  };

  const mapping = () =>
    new PayloadMapping(body)
      .add("system", [{ path: ["system"] }])
      .add("user", [
        { path: ["messages", 0, "content", 0, "text"] },
        { path: ["messages", 0, "content", 1, "text"] },
        { path: ["messages", 0, "content", 2, "text"] },
      ])
      .add("assistant", [{ path: ["messages", 1, "tool", "args"], json: true }])
      .add("user", [{ path: ["messages", 5, "content"] }]);

  it("maps pieces to messages, leaving out what is not text", () => {
    expect(mapping().messages).toEqual([
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "Hi" },
          { type: "text", text: "I am a@b.co" },
        ],
      },
      { role: "assistant", content: '{"to":"a@b.co","n":1}' },
    ]);
  });

  it("writes redacted text back to each piece's place, parsing JSON pieces", () => {
    const mapped = mapping();
    const next = mapped.apply(redactResult(mapped.messages, ["a@b.co"]));
    expect(next.messages[0]?.content?.[2]).toEqual({ text: "I am [REDACTED:email]" });
    expect(next.messages[0]?.content?.[0]).toBe(body.messages[0]?.content?.[0]);
    expect(next.messages[1]?.tool?.args).toEqual({ to: "[REDACTED:email]", n: 1 });
    expect(body.messages[0]?.content?.[2]).toEqual({ text: "I am a@b.co" });
    expect(next.system).toBe("Be brief.");
  });

  it("changes nothing unless the action is redact", () => {
    const mapped = mapping();
    expect(mapped.apply({ enforcerIdentifier: "x", action: "detect" })).toBe(body);
    expect(mapped.apply(undefined)).toBe(body);
  });

  it("never writes context messages and reports whether it holds pieces", () => {
    const only = new PayloadMapping({}).context([{ role: "user", content: "a@b.co" }]);
    expect(only.hasPieces).toBe(false);
    const result = redactResult(only.messages, ["a@b.co"]);
    expect(only.changes(result)).toEqual([]);
    expect(only.messagesAfter(result)).toEqual([{ role: "user", content: "[REDACTED:email]" }]);
  });

  it("refuses a redact result whose redaction is not complete, rather than pass raw text", () => {
    const mapped = mapping();
    const incomplete = redactResult(mapped.messages, ["ghost@nowhere.test"]);
    expect(incomplete.redaction?.complete).toBe(false);
    const bare: EnforceResult = {
      enforcerIdentifier: "x",
      action: "redact",
      evaluations: evaluationsOf(["a@b.co"]),
    };
    for (const result of [incomplete, bare]) {
      expect(() => mapped.apply(result)).toThrow(AnthaleError);
      expect(() => mapped.messagesAfter(result)).toThrow(/cannot be applied/);
    }
  });

  it("refuses redacted messages that leave a piece without a counterpart", () => {
    const mapped = mapping();
    const result = redactResult(mapped.messages, ["a@b.co"]);
    const short = { ...result, redactedMessages: result.redactedMessages?.slice(0, 2) };
    expect(() => mapped.apply(short)).toThrow(/do not match/);
    const oneBlock = structuredClone(result);
    oneBlock.redactedMessages![1] = { role: "user", content: "Hi" };
    expect(() => mapped.apply(oneBlock)).toThrow(/do not match/);
  });
});

describe("parseRedactedJson", () => {
  const original = JSON.stringify({ q: "jane@x.io", n: 1 });

  it("parses the redacted text when it is still JSON", () => {
    const matcher = new SpanMatcher([{ span: "jane@x.io", category: "email" }]);
    const redacted = matcher.redact(original).text;
    expect(parseRedactedJson(original, redacted, matcher)).toEqual({
      q: "[REDACTED:email]",
      n: 1,
    });
  });

  it("redacts each string of the original when a span broke the JSON", () => {
    // In the JSON text the quote is escaped: hiding it with the name leaves a bad escape.
    const quoted = JSON.stringify({ q: 'He said "Jane"' });
    const matcher = new SpanMatcher([{ span: '"Jane', category: "name" }]);
    const redacted = matcher.redact(quoted).text;
    expect(() => JSON.parse(redacted)).toThrow();
    expect(parseRedactedJson(quoted, redacted, matcher)).toEqual({
      q: 'He said [REDACTED:name]"',
    });
  });

  it("keeps the redacted text when the strings alone cannot hide a span", () => {
    const matcher = new SpanMatcher([{ span: 'q":"jane', category: "email" }]);
    const redacted = matcher.redact(original).text;
    expect(parseRedactedJson(original, redacted, matcher)).toBe(redacted);
    expect(parseRedactedJson(original, redacted)).toBe(redacted);
  });
});

describe("PayloadMapping with JSON pieces", () => {
  const key = "-----BEGIN KEY-----\nMIIabc\n-----END KEY-----";
  const password = 'pa"ss\\word';

  /** A payload with `text` in a message and `input` as a tool call's structured input. */
  const payload = (text: string, input: unknown) => ({
    messages: [{ content: text }, { input }],
  });
  const mappingOf = (body: ReturnType<typeof payload>) =>
    new PayloadMapping(body)
      .add("user", [{ path: ["messages", 0, "content"] }])
      .add("assistant", [{ path: ["messages", 1, "input"], json: true }]);

  it.each([
    ["a line break", key],
    ["a quote and a backslash", password],
  ])("hides a span holding %s in structured data, where JSON escapes it", (_name, secret) => {
    const body = payload(`my secret is ${secret}`, { secret, keep: 1 });
    const mapped = mappingOf(body);
    // As sent, the structured data holds the span escaped: only the text message holds it as is.
    expect(JSON.stringify(mapped.messages[1]?.content)).not.toContain(JSON.stringify(secret));
    const next = mapped.apply(redactResult(mapped.messages, [secret]));
    expect(next.messages[0]?.content).toBe("my secret is [REDACTED:email]");
    expect(next.messages[1]?.input).toEqual({ secret: "[REDACTED:email]", keep: 1 });
  });

  it("hides a span in the keys of structured data too", () => {
    const body = payload(`my secret is ${password}`, { [password]: true });
    const mapped = mappingOf(body);
    const next = mapped.apply(redactResult(mapped.messages, [password]));
    expect(next.messages[1]?.input).toEqual({ "[REDACTED:email]": true });
  });

  it("hides a span in JSON text where it is written with \\u escapes", () => {
    const body = payload("I will mail ceo@acme.com", '{"to":"ceo\\u0040acme.com","n":1}');
    const mapped = mappingOf(body);
    const next = mapped.apply(redactResult(mapped.messages, ["ceo@acme.com"]));
    const written = next.messages[1]?.input as string;
    expect(typeof written).toBe("string");
    expect(JSON.parse(written)).toEqual({ to: "[REDACTED:email]", n: 1 });
  });

  it("hides an escaped copy in server-redacted messages as well", () => {
    const body = payload("mail ceo@acme.com", '{"to":"ceo\\u0040acme.com"}');
    const mapped = mappingOf(body);
    const evaluations = evaluationsOf(["ceo@acme.com"], mapped.messages);
    const fromServer = [{ role: "user", content: "mail [REDACTED:email]" }, mapped.messages[1]];
    const { messages: redactedMessages, report } = redactConversation(
      mapped.messages,
      evaluations,
      fromServer,
    );
    expect(report).toMatchObject({ complete: true, source: "server" });
    const next = mapped.apply({
      enforcerIdentifier: "e",
      action: "redact",
      evaluations,
      ...(redactedMessages && { redactedMessages }),
      redaction: report,
    });
    expect(JSON.parse(next.messages[1]?.input as string)).toEqual({ to: "[REDACTED:email]" });
  });

  it("is incomplete, so nothing is written, when a span is only in escaped form", () => {
    const body = payload("hello", { to: key });
    const mapped = mappingOf(body);
    const result = redactResult(mapped.messages, [key]);
    expect(result.redaction).toMatchObject({ complete: false, problem: "unmatched-spans" });
    expect(() => mapped.apply(result)).toThrow(AnthaleError);
  });
});
