import { describe, expect, it } from "vitest";
import { inProcessAnthale, policyId } from "../../../test/integrations/helpers/fake-anthale.js";
import { AnthalePolicyViolationError } from "../../core/errors.js";
import { Guard } from "./guard.js";
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
  it("rejects bad options", () => {
    expect(() => makeGuard({ stream: "later" as never })).toThrow(TypeError);
    expect(() => makeGuard({ windowSize: 0 })).toThrow(TypeError);
  });

  it("skips a check with no text and reports every decision, blocks included", async () => {
    const { guard, decisions, requests } = makeGuard();
    expect(await guard.check("input", [])).toBeUndefined();
    expect(requests).toHaveLength(0);
    await guard.check("input", [{ role: "user", content: "politics" }], { tenant: "b" });
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
});
