import { describe, expect, it } from "vitest";
import {
  answeringClient,
  inProcessAnthale,
  policyId,
} from "../../../test/integrations/helpers/fake-anthale.js";
import { AnthalePolicyViolationError, AnthaleValidationError } from "../../base/errors.js";
import type { EnforceResult } from "../../base/types.js";
import { Guard, streamRedactable } from "./guard.js";
import type { Decision, GuardOptions } from "./options.js";
import { PayloadMapping } from "./payload-mapping.js";

function makeGuard(options: Partial<GuardOptions> = {}) {
  const anthale = inProcessAnthale();
  const decisions: Decision[] = [];
  const guard = new Guard(
    {
      policyId,
      client: anthale.client,
      metadata: { app: "test", tenant: "a" },
      onDecision: (decision) => decisions.push(decision),
      ...options,
    },
    "test",
  );
  return { guard, decisions, requests: anthale.requests };
}

const body = (text: string) => ({ prompt: text });
const mappingOf = (payload: { prompt: string }) =>
  new PayloadMapping(payload).add("user", [{ path: ["prompt"] }]);

describe("Guard", () => {
  it("rejects bad options with an AnthaleValidationError naming each", () => {
    const cases: [Partial<Record<keyof GuardOptions, unknown>>, string][] = [
      [{ stream: "later" }, "options.stream"],
      [{ windowSize: 0 }, "options.windowSize"],
      [{ windowSize: 2.5 }, "options.windowSize"],
      [{ windowSize: "200" }, "options.windowSize"],
      [{ parallelInput: "yes" }, "options.parallelInput"],
      [{ onDecision: "log" }, "options.onDecision"],
    ];
    for (const [options, path] of cases) {
      let thrown: unknown;
      try {
        new Guard({ policyId, ...options } as GuardOptions, "test");
      } catch (error) {
        thrown = error;
      }
      expect(thrown, path).toBeInstanceOf(AnthaleValidationError);
      expect((thrown as AnthaleValidationError).path, path).toBe(path);
    }
    for (const options of [null, undefined, "policy"]) {
      expect(() => new Guard(options as unknown as GuardOptions, "test")).toThrow(
        AnthaleValidationError,
      );
    }
  });

  it("skips a check with no text and reports every decision, blocks included", async () => {
    const { guard, decisions, requests } = makeGuard();
    expect(await guard.check("input", [])).toBeUndefined();
    expect(requests).toHaveLength(0);
    await guard.check("input", [{ role: "user", content: "politics" }], {
      metadata: { tenant: "b" },
    });
    await expect(guard.check("output", [{ role: "user", content: "BLOCKME" }])).rejects.toThrow(
      AnthalePolicyViolationError,
    );
    expect(decisions.map((decision) => [decision.direction, decision.action])).toEqual([
      ["input", "detect"],
      ["output", "block"],
    ]);
    expect(decisions[0]?.provider).toBe("test");
    expect(requests[0]?.metadata).toEqual({ app: "test", tenant: "b" });
  });

  it("treats an unknown action as a block", async () => {
    const { guard } = makeGuard();
    await expect(
      guard.check("input", [{ role: "user", content: "UNKNOWNACTION" }]),
    ).rejects.toThrow(AnthalePolicyViolationError);
  });

  it("calls the provider with the redacted payload and never on block", async () => {
    const { guard } = makeGuard();
    const sent: string[] = [];
    const call = async (payload: { prompt: string }) => {
      sent.push(payload.prompt);
      return "ok";
    };
    const outcome = await guard.send({ mapping: mappingOf(body("mail a@b.co")), call });
    expect(outcome.payload.prompt).toBe("mail [REDACTED:email]");
    expect(outcome.messages).toEqual([{ role: "user", content: "mail [REDACTED:email]" }]);
    await expect(guard.send({ mapping: mappingOf(body("BLOCKME")), call })).rejects.toThrow(
      AnthalePolicyViolationError,
    );
    expect(sent).toEqual(["mail [REDACTED:email]"]);
  });

  it("with parallelInput, starts at once, aborts on block and re-sends on redact", async () => {
    const { guard } = makeGuard({ parallelInput: true });
    const calls: { prompt: string; signal: AbortSignal | undefined }[] = [];
    const call = (payload: { prompt: string }, signal: AbortSignal | undefined) => {
      calls.push({ prompt: payload.prompt, signal });
      return new Promise<string>((resolve, reject) => {
        signal?.addEventListener("abort", () => reject(new Error("aborted")));
        setTimeout(() => resolve(`answer to ${payload.prompt}`), 20);
      });
    };
    await expect(guard.send({ mapping: mappingOf(body("BLOCKME")), call })).rejects.toThrow(
      AnthalePolicyViolationError,
    );
    expect(calls[0]?.signal?.aborted).toBe(true);
    const redacted = await guard.send({ mapping: mappingOf(body("mail a@b.co")), call });
    expect(calls.map((entry) => entry.prompt)).toEqual([
      "BLOCKME",
      "mail a@b.co",
      "mail [REDACTED:email]",
    ]);
    expect(calls[1]?.signal?.aborted).toBe(true);
    expect(redacted.response).toBe("answer to mail [REDACTED:email]");
    const allowed = await guard.send({ mapping: mappingOf(body("hello")), call });
    expect(allowed.response).toBe("answer to hello");
    expect(calls).toHaveLength(4);
  });

  for (const trigger of ["REDACT_NOSPAN", "REDACT_ELSEWHERE"]) {
    it(`stops on a redaction it cannot apply (${trigger}) before the provider is called`, async () => {
      for (const parallelInput of [false, true]) {
        const { guard, decisions } = makeGuard({ parallelInput });
        const signals: (AbortSignal | undefined)[] = [];
        const call = async (payload: { prompt: string }, signal: AbortSignal | undefined) => {
          signals.push(signal);
          return payload.prompt;
        };
        const error = await guard
          .send({ mapping: mappingOf(body(`${trigger} a@b.co`)), call })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(AnthalePolicyViolationError);
        expect((error as AnthalePolicyViolationError).reason).toBe("incomplete-redaction");
        expect((error as Error).message).not.toContain("ghost@nowhere.test");
        expect(decisions.map((decision) => decision.action)).toEqual(["redact"]);
        // Without parallelInput nothing is called; with it, the early call is aborted.
        expect(signals.length).toBe(parallelInput ? 1 : 0);
        if (parallelInput) expect(signals[0]?.aborted).toBe(true);
      }
    });
  }
});

/** A guard whose Anthale answers every check with `redact`, `redactedMessages` of its own (each "secret" replaced by "[REDACTED]") and no span. */
function serverRedactingGuard() {
  const hide = (text: string) => text.replaceAll("secret", "[REDACTED]");
  const client = answeringClient(({ messages }) => ({
    enforcerIdentifier: "e",
    action: "redact",
    redactedMessages: messages.map(({ role, content }) => ({
      role,
      content:
        typeof content === "string"
          ? hide(content)
          : content.map((block) => ({ ...block, text: hide(block.text) })),
    })),
  }));
  return new Guard({ policyId, client }, "test");
}

describe("Guard with redaction done by the server", () => {
  it("applies the server's redactedMessages to a whole payload", async () => {
    const guard = serverRedactingGuard();
    const outcome = await guard.send({
      mapping: mappingOf(body("my secret")),
      call: async (payload) => payload.prompt,
    });
    expect(outcome.response).toBe("my [REDACTED]");
  });

  it("stops a stream, whose text it can only redact by spans", async () => {
    const guard = serverRedactingGuard();
    const chunks = guard.guardStream<string>({
      source: (async function* () {
        yield "my secret ";
        yield "is out";
      })(),
      read: (text) => [{ channel: "text", text }],
      write: (_chunk, [text]) => text ?? "",
      context: [{ role: "user", content: "hi" }],
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of chunks) received.push(chunk);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnthalePolicyViolationError);
    expect((error as AnthalePolicyViolationError).reason).toBe("incomplete-redaction");
    expect(received).toEqual([]);
  });
});

describe("streamRedactable", () => {
  const answer = [{ type: "text" as const, text: "mail a@b.co" }];
  const evaluations: EnforceResult["evaluations"] = [
    {
      guardrailKey: "data-leakage-prevention",
      action: "redact",
      score: 1,
      threads: [
        { span: "a@b.co", category: "email", score: 1, messageIdentifier: 0, contentIdentifier: 0 },
      ],
    },
  ];
  const result = (fields: Partial<EnforceResult>): EnforceResult => ({
    enforcerIdentifier: "e",
    action: "redact",
    redaction: { complete: true, source: "spans", unmatched: [] },
    ...fields,
  });
  const serverSaid = (text: string): Partial<EnforceResult> => ({
    redaction: { complete: true, source: "server", unmatched: [] },
    redactedMessages: [{ role: "assistant", content: [{ type: "text", text }] }],
  });

  it("needs spans, and server text the spans reproduce", () => {
    expect(streamRedactable(result({ evaluations }), answer)).toBe(true);
    expect(streamRedactable(result({}), answer)).toBe(false);
    expect(
      streamRedactable(result({ evaluations, ...serverSaid("mail [REDACTED:email]") }), answer),
    ).toBe(true);
    expect(
      streamRedactable(result({ evaluations, ...serverSaid("*** [REDACTED:email]") }), answer),
    ).toBe(false);
  });
});
