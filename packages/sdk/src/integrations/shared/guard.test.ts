import { describe, expect, it } from "vitest";
import {
  answeringClient,
  decide,
  type EnforceBody,
  inProcessAnthale,
  policyId,
} from "../../../test/integrations/helpers/fake-anthale.js";
import { AnthalePolicyViolationError, AnthaleValidationError } from "../../base/errors.js";
import type { EnforceResult } from "../../base/types.js";
import { Anthale } from "../../core/anthale.js";
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
      [{ firstWindowSize: 0 }, "options.firstWindowSize"],
      [{ firstWindowSize: 8.5 }, "options.firstWindowSize"],
      [{ windowSize: 16, firstWindowSize: 32 }, "options.firstWindowSize"],
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

/**
 * A guard in `"window"` mode whose Anthale holds each output check until the test answers it (as
 * the fake Anthale decides), and a stream the test feeds chunk by chunk; `log` tells, in order,
 * `check <n>` as an output check of n characters reaches Anthale and `release <n>` as the consumer
 * gets a chunk (n: the length released so far).
 */
function heldWindowStream(options: Partial<GuardOptions> = {}) {
  const log: string[] = [];
  const held: (() => void)[] = [];
  const client = new Anthale({
    apiKey: "test-key",
    baseURL: "http://127.0.0.1:9",
    maxRetries: 0,
    logLevel: "off",
    fetch: async (url: string, init: RequestInit) => {
      const body = (await new Request(url, init).json()) as EnforceBody;
      if (body.direction === "output") {
        const answer = body.messages.at(-1)?.content;
        const length = Array.isArray(answer)
          ? answer.map((block) => block.text).join("").length
          : 0;
        log.push(`check ${length}`);
        await new Promise<void>((resolve) => held.push(resolve));
      }
      return Response.json(decide(body));
    },
  });
  const guard = new Guard({ policyId, client, stream: "window", ...options }, "test");
  const queue: (string | null)[] = [];
  let wake = () => {};
  let pulled = 0;
  const source = (async function* () {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const text = queue.shift();
      if (text === null || text === undefined) return;
      pulled++;
      yield text;
    }
  })();
  const chunks = guard.guardStream<string>({
    source,
    read: (text) => [{ channel: "text", text }],
    write: (_chunk, [text]) => text ?? "",
    context: [{ role: "user", content: "hi" }],
  });
  let released = 0;
  const done = (async () => {
    for await (const chunk of chunks) {
      released += chunk.length;
      log.push(`release ${released}`);
    }
  })();
  const until = async (condition: () => boolean) => {
    for (let turn = 0; !condition(); turn++) {
      if (turn > 10_000) throw new Error("the condition never held");
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return {
    log,
    done,
    until,
    /** Feeds `count` chunks of ten characters, each once read. */
    push: async (count: number) => {
      for (let index = 0; index < count; index++) {
        const before = pulled;
        queue.push("abcdefghi ");
        wake();
        await until(() => pulled === before + 1);
      }
    },
    end: () => {
      queue.push(null);
      wake();
    },
    /** Answers the oldest held check. */
    answer: () => held.shift()?.(),
    held: () => held.length,
  };
}

describe("Guard streams in window mode", () => {
  const checks = (log: string[]) => log.filter((entry) => entry.startsWith("check"));
  const releases = (log: string[]) => log.filter((entry) => entry.startsWith("release"));

  it("checks a first short window, releases it, and sends no text twice", async () => {
    const stream = heldWindowStream();
    await stream.push(4);
    await stream.until(() => stream.held() === 1);
    await stream.push(8);
    stream.answer();
    await stream.until(() => stream.held() === 1 && stream.log.includes("release 40"));
    // Released before the end: the first 40 characters, once their check passed.
    expect(releases(stream.log)).toEqual(["release 10", "release 20", "release 30", "release 40"]);
    stream.end();
    // The check of 120 characters, under way as the stream ends, is the final one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    stream.answer();
    await stream.done;
    expect(checks(stream.log)).toEqual(["check 40", "check 120"]);
    expect(releases(stream.log).at(-1)).toBe("release 120");
  });

  it("takes windowSize and firstWindowSize from the options", async () => {
    const stream = heldWindowStream({ windowSize: 60, firstWindowSize: 20 });
    await stream.push(2);
    await stream.until(() => stream.held() === 1);
    stream.answer();
    await stream.until(() => stream.log.includes("release 20"));
    // The next window is 40 characters: no check at 50, one at 60.
    await stream.push(3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(checks(stream.log)).toEqual(["check 20"]);
    await stream.push(1);
    await stream.until(() => stream.held() === 1);
    stream.answer();
    await stream.until(() => stream.log.includes("release 60"));
    stream.end();
    await stream.done;
    // The check of 60 characters covered the whole answer: no final check sends it again.
    expect(checks(stream.log)).toEqual(["check 20", "check 60"]);
  });
});
