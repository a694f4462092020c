// The conformance suite every integration runs through its driver: allow, block and redact on
// input and output, each streaming mode, the caller's abort while a check is pending, 20
// concurrent calls without cross-talk, both fail modes, and metadata. Tests assert what the caller
// and the model received, and the count and order of the checks Anthale saw, never durations.
import { describe, expect, it } from "vitest";
import {
  AnthalePolicyViolationError,
  APIConnectionError,
  type Direction,
  InternalServerError,
} from "../../../src/index.js";
import type { GuardOptions, StreamMode } from "../../../src/integrations/shared/index.js";
import { captureLogger } from "../../security/capture-logger.js";
import { callMarkers, shownText, unmatchedSpan } from "../helpers/fake-anthale.js";
import { leakedEmail, lookalikeAnswer } from "../helpers/scripted-answer.js";
import type { AnthaleStandIn } from "./anthale-stand-in.js";
import { useConformanceBed } from "./conformance-bed.js";
import type { CallInit, ConformanceDriver, GuardedCaller } from "./driver.js";

/** What the fake model answers to "ANSWER_EMAIL", redacted. */
const redactedAnswer = "Sure, write to [REDACTED:email] today.";
/** What the fake model answers to "ANSWER_EMAIL", as written. */
const rawAnswer = `Sure, write to ${leakedEmail} today.`;
/** What the fake model answers to "ANSWER_BLOCK": Anthale blocks it. */
const blockedAnswer = "Here it is: BLOCKME and the rest.";
/** An address in a system prompt, for Anthale to redact. */
const systemEmail = "ops@example.org";

/**
 * How long an aborted call may wait for Anthale before the held check is answered anyway. It only
 * keeps a call that ignores the abort from hanging the test: the assertion is on the order of
 * events (the call must reject before Anthale answers), and a call that honours the abort rejects
 * at once, far inside this bound.
 */
const abortGraceMs = 5_000;
/** Upper bound for polls on what the servers saw (generous: the machine may be loaded). */
const pollTimeout = { timeout: 10_000 };

/** `error` and its chain of causes. */
function chainOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at = error; at !== undefined && !chain.includes(at); ) {
    chain.push(at);
    at = at instanceof Error ? at.cause : undefined;
  }
  return chain;
}

/** The policy violation in `error`'s chain (a framework may wrap it), if any. */
function violationIn(error: unknown): AnthalePolicyViolationError | undefined {
  return chainOf(error).find((link) => link instanceof AnthalePolicyViolationError) as
    | AnthalePolicyViolationError
    | undefined;
}

/** The messages of `error` and its causes, joined: what a caller could log. */
function messagesOf(error: unknown): string {
  return chainOf(error)
    .map((link) => (link instanceof Error ? link.message : String(link)))
    .join("\n");
}

/** Whether `error`'s chain holds an abort (each framework names its own). */
function isAbort(error: unknown): boolean {
  return chainOf(error).some(
    (link) => link instanceof Error && /abort/i.test(`${link.name} ${link.message}`),
  );
}

/** The reason `call` rejects with; fails the test when it resolves. */
async function rejectionOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.unreachable("the call should have failed"),
    (error: unknown) => error,
  );
}

/** What a streamed call released, in order, and the error it failed with (if it did). */
interface Streamed {
  pieces: string[];
  error: unknown;
}

/** Runs one streamed call to its end, keeping what it released and how it ended. */
async function streamed(caller: GuardedCaller, prompt: string, init?: CallInit): Promise<Streamed> {
  const stream = caller.stream;
  if (!stream) throw new Error("This driver does not stream");
  const pieces: string[] = [];
  let error: unknown;
  await stream(prompt, (text) => pieces.push(text), init).catch((caught: unknown) => {
    error = caught;
  });
  return { pieces, error };
}

/**
 * Waits for `call` to settle after its caller aborted, and says in which order the call settled
 * and Anthale answered its held check (answered only after {@link abortGraceMs}).
 */
async function abortOrder(call: Promise<unknown>, anthale: AnthaleStandIn) {
  const order: string[] = [];
  let error: unknown;
  const settled = call.then(
    () => {
      order.push("call resolved");
    },
    (caught: unknown) => {
      error = caught;
      order.push("call rejected");
    },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answered = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, abortGraceMs);
  }).then(() => {
    order.push("Anthale answered");
    anthale.release();
  });
  await Promise.race([settled, answered]);
  // A call that honoured the abort leaves its check held (the stand-in lets it go at the next
  // reset), so the stand-in sees the hang-up rather than answering first.
  clearTimeout(timer);
  await settled;
  return { order, error };
}

/** The directions of the checks Anthale saw, in order. */
const directionsOf = (anthale: AnthaleStandIn): Direction[] =>
  anthale.requests.map((request) => request.direction);

/** How many output checks Anthale saw. */
const outputChecks = (anthale: AnthaleStandIn): number =>
  directionsOf(anthale).filter((direction) => direction === "output").length;

/** The 20 prompts of the concurrency cases: even calls hold an address to redact, odd ones do not. */
const concurrentPrompts = Array.from({ length: 20 }, (_, index) =>
  index % 2 === 0 ? `call-${index} mail user${index}@example.com` : `call-${index} hello`,
);

/** The answer each of {@link concurrentPrompts} must get: its own echo, redacted when it must be. */
const concurrentAnswers = concurrentPrompts.map(
  (prompt) => `echo: ${prompt.replace(/user\d+@example\.com/, "[REDACTED:email]")}`,
);

/** The `call-N` markers in `text`. */
const markersIn = (text: string): string[] => text.match(/call-\d+/g) ?? [];

/** Registers the whole conformance suite for `driver`. Call it at the top level of a test file. */
export function runConformance(driver: ConformanceDriver): void {
  const bed = useConformanceBed(driver);
  const guarded = (options: Partial<GuardOptions> = {}) =>
    driver.guarded(bed.guardOptions(options));

  /** Checks that the 40 checks of the concurrency cases each belong to one call. */
  function expectNoCrossTalk() {
    expect(bed.anthale.requests).toHaveLength(40);
    const seen = new Map<string, Direction[]>();
    for (const request of bed.anthale.requests) {
      const markers = [...callMarkers(request)];
      expect(markers).toHaveLength(1);
      const marker = markers[0] as string;
      seen.set(marker, [...(seen.get(marker) ?? []), request.direction]);
    }
    expect(seen.size).toBe(20);
    for (const directions of seen.values()) expect(directions).toEqual(["input", "output"]);
    const inputs = driver.modelInputs();
    expect(inputs).toHaveLength(20);
    for (const input of inputs) {
      expect(new Set(markersIn(input)).size).toBe(1);
      expect(input).not.toMatch(/user\d+@example\.com/);
    }
  }

  describe(`${driver.name}: conformance, not streamed`, () => {
    it("allows: the answer as the model wrote it, after an input then an output check", async () => {
      const answer = await guarded().call("Hello");
      expect(answer).toBe("echo: Hello");
      expect(driver.modelInputs()).toHaveLength(1);
      expect(directionsOf(bed.anthale)).toEqual(["input", "output"]);
      expect(shownText(bed.anthale.requests.slice(0, 1))).not.toContain("echo:");
      expect(shownText(bed.anthale.requests.slice(1))).toContain("echo: Hello");
      expect(
        bed.decisions.map(({ direction, action, provider }) => [direction, action, provider]),
      ).toEqual([
        ["input", "allow", driver.provider],
        ["output", "allow", driver.provider],
      ]);
    });

    it("blocks the input before the model is called", async () => {
      const error = await rejectionOf(guarded().call("BLOCKME please"));
      expect(violationIn(error)?.direction).toBe("input");
      expect(driver.modelInputs()).toEqual([]);
      expect(directionsOf(bed.anthale)).toEqual(["input"]);
    });

    it("blocks the output after the model answered", async () => {
      const error = await rejectionOf(guarded().call("ANSWER_BLOCK"));
      expect(violationIn(error)?.direction).toBe("output");
      expect(driver.modelInputs()).toHaveLength(1);
      expect(directionsOf(bed.anthale)).toEqual(["input", "output"]);
    });

    it("redacts the input: the model sees only the redacted prompt", async () => {
      const answer = await guarded().call(`Mail ${leakedEmail} now`);
      expect(answer).toBe("echo: Mail [REDACTED:email] now");
      const inputs = driver.modelInputs();
      expect(inputs).toHaveLength(1);
      expect(inputs[0]).not.toContain(leakedEmail);
      expect(inputs[0]).toContain("Mail [REDACTED:email] now");
      // The output check is shown the conversation as the model received it.
      expect(shownText(bed.anthale.requests.slice(1))).not.toContain(leakedEmail);
    });

    it("redacts the system prompt: the model sees only the redacted one", async () => {
      const answer = await guarded().call("Hello", { system: `Escalate to ${systemEmail}.` });
      expect(answer).toBe("echo: Hello");
      const inputs = driver.modelInputs();
      expect(inputs).toHaveLength(1);
      expect(inputs[0]).not.toContain(systemEmail);
      expect(inputs[0]).toContain("Escalate to [REDACTED:email].");
    });

    it("redacts the output: the caller sees only the redacted answer", async () => {
      expect(await guarded().call("ANSWER_EMAIL")).toBe(redactedAnswer);
      expect(bed.decisions.map(({ direction, action }) => [direction, action])).toEqual([
        ["input", "allow"],
        ["output", "redact"],
      ]);
    });

    it("reports a detect decision and changes nothing", async () => {
      expect(await guarded().call("Talk politics")).toBe("echo: Talk politics");
      expect(
        bed.decisions.map(({ direction, action, provider }) => [direction, action, provider]),
      ).toEqual([
        ["input", "detect", driver.provider],
        ["output", "detect", driver.provider],
      ]);
    });

    it("treats an unknown action as a block, before the model is called", async () => {
      const error = await rejectionOf(guarded().call("UNKNOWNACTION"));
      expect(violationIn(error)?.direction).toBe("input");
      expect(driver.modelInputs()).toEqual([]);
    });

    for (const trigger of ["REDACT_NOSPAN", "REDACT_ELSEWHERE"]) {
      it(`stops an input redaction it cannot apply (${trigger}) before the model, in both fail modes`, async () => {
        for (const failMode of ["closed", "open"] as const) {
          const error = await rejectionOf(
            guarded({ failMode }).call(`${trigger}: mail ${leakedEmail}`),
          );
          const violation = violationIn(error);
          expect(violation?.reason).toBe("incomplete-redaction");
          expect(violation?.direction).toBe("input");
          expect(messagesOf(error)).not.toContain(unmatchedSpan);
          expect(messagesOf(error)).not.toContain(leakedEmail);
        }
        expect(driver.modelInputs()).toEqual([]);
      });
    }

    it("stops an output redaction it cannot apply", async () => {
      const error = await rejectionOf(guarded().call("ANSWER_UNREDACTABLE"));
      expect(violationIn(error)?.reason).toBe("incomplete-redaction");
      expect(violationIn(error)?.direction).toBe("output");
    });

    it("redacts an address dressed up as a placeholder in the answer", async () => {
      const answer = await guarded().call("ANSWER_LOOKALIKE");
      expect(lookalikeAnswer).toContain("ceo@acme.com");
      expect(answer).not.toContain("ceo@acme.com");
      expect(answer).toContain("[REDACTED:email]");
    });

    it("with parallelInput, drops the early answer on block and re-sends a redacted input", async () => {
      const caller = guarded({ parallelInput: true });
      const error = await rejectionOf(caller.call("BLOCKME please"));
      expect(violationIn(error)?.direction).toBe("input");
      expect(await caller.call(`Mail ${leakedEmail} now`)).toBe("echo: Mail [REDACTED:email] now");
      expect(driver.modelInputs().at(-1)).not.toContain(leakedEmail);
      expect(await caller.call("Hello")).toBe("echo: Hello");
    });

    it("abort: the caller's signal rejects the call while the input check is pending", async () => {
      bed.anthale.hold("input");
      const controller = new AbortController();
      const call = guarded().call("Hello", { signal: controller.signal });
      await expect.poll(() => bed.anthale.held, pollTimeout).toBe(1);
      controller.abort();
      const { order, error } = await abortOrder(call, bed.anthale);
      expect(order).toEqual(["call rejected"]);
      expect(isAbort(error)).toBe(true);
      expect(driver.modelInputs()).toEqual([]);
      // The check's own request was cancelled: the signal reached it.
      await expect.poll(() => bed.anthale.hungUp, pollTimeout).toBe(1);
    });

    it("abort: the caller's signal rejects the call while the output check is pending", async () => {
      bed.anthale.hold("output");
      const controller = new AbortController();
      const call = guarded().call("Hello", { signal: controller.signal });
      await expect.poll(() => bed.anthale.held, pollTimeout).toBe(1);
      controller.abort();
      const { order, error } = await abortOrder(call, bed.anthale);
      expect(order).toEqual(["call rejected"]);
      expect(isAbort(error)).toBe(true);
      expect(driver.modelInputs()).toHaveLength(1);
      await expect.poll(() => bed.anthale.hungUp, pollTimeout).toBe(1);
    });

    it("keeps 20 concurrent calls apart: each answer and redaction belongs to its own call", async () => {
      const caller = guarded();
      const answers = await Promise.all(concurrentPrompts.map((prompt) => caller.call(prompt)));
      expect(answers).toEqual(concurrentAnswers);
      expectNoCrossTalk();
    });

    it("fails closed: Anthale unreachable throws and the model is never called", async () => {
      const logger = captureLogger();
      const caller = guarded({ client: bed.unreachableClient(logger), failMode: "closed" });
      const error = await rejectionOf(caller.call("Hello"));
      expect(chainOf(error).some((link) => link instanceof APIConnectionError)).toBe(true);
      expect(driver.modelInputs()).toEqual([]);
    });

    it("fails closed on an Anthale error status too: it throws and the model is never called", async () => {
      bed.anthale.failWith = 500;
      const error = await rejectionOf(guarded({ failMode: "closed" }).call("Hello"));
      expect(chainOf(error).some((link) => link instanceof InternalServerError)).toBe(true);
      expect(driver.modelInputs()).toEqual([]);
    });

    it("fails open: Anthale unreachable lets the call through, with one warning per check", async () => {
      const logger = captureLogger();
      const caller = guarded({ client: bed.unreachableClient(logger), failMode: "open" });
      expect(await caller.call("Hello")).toBe("echo: Hello");
      expect(driver.modelInputs()).toHaveLength(1);
      const warnings = logger.lines.filter((line) => line.level === "warn");
      expect(warnings.map((line) => /could not check the (\w+)/.exec(line.text)?.[1])).toEqual([
        "input",
        "output",
      ]);
    });

    it("sends the options' metadata with every check", async () => {
      await guarded({ metadata: { app: "conformance" } }).call("Hello");
      expect(bed.anthale.requests.map((request) => [request.direction, request.metadata])).toEqual([
        ["input", { app: "conformance" }],
        ["output", { app: "conformance" }],
      ]);
    });

    if (driver.perCallMetadata) {
      it("merges each call's own metadata over the options', under 20 concurrent calls", async () => {
        const caller = guarded({ metadata: { app: "conformance" } });
        await Promise.all(
          concurrentPrompts.map((prompt, index) =>
            caller.call(prompt, { metadata: { call: `call-${index}` } }),
          ),
        );
        expect(bed.anthale.requests).toHaveLength(40);
        for (const request of bed.anthale.requests) {
          expect(request.metadata).toEqual({
            app: "conformance",
            call: [...callMarkers(request)][0],
          });
        }
      });
    }
  });

  if (!driver.streams) return;

  describe(`${driver.name}: conformance, streamed`, () => {
    const modes: StreamMode[] = ["buffer", "window", "passthrough"];
    for (const mode of modes) {
      const options = { stream: mode, windowSize: 8 };

      it(`${mode}: allows, releasing the answer as the model wrote it`, async () => {
        const { pieces, error } = await streamed(guarded(options), "Hello");
        expect(error).toBeUndefined();
        expect(pieces.join("")).toBe("echo: Hello");
        // The fake model streams 5 characters at a time: the guard releases pieces, not one block.
        expect(pieces.length).toBeGreaterThan(1);
        expect(directionsOf(bed.anthale)[0]).toBe("input");
        expect(outputChecks(bed.anthale)).toBeGreaterThanOrEqual(1);
      });

      it(`${mode}: handles an output redaction as the mode says`, async () => {
        const { pieces, error } = await streamed(guarded(options), "ANSWER_EMAIL");
        expect(error).toBeUndefined();
        const checks = outputChecks(bed.anthale);
        if (mode === "passthrough") {
          // Passthrough releases every piece at once: the answer came out as written, and the
          // decision (checked once, at the end) is still reported.
          expect(pieces.join("")).toBe(rawAnswer);
          expect(checks).toBe(1);
        } else {
          expect(pieces.join("")).toBe(redactedAnswer);
          expect(pieces.join("")).not.toContain("jane");
          // Buffer checks the whole answer once; window checks it every few characters.
          if (mode === "buffer") expect(checks).toBe(1);
          else expect(checks).toBeGreaterThan(1);
        }
        expect(bed.decisions.at(-1)?.action).toBe("redact");
      });

      it(`${mode}: stops on an output block as the mode says`, async () => {
        const { pieces, error } = await streamed(guarded(options), "ANSWER_BLOCK");
        expect(violationIn(error)?.direction).toBe("output");
        const released = pieces.join("");
        // Buffer releases nothing, window nothing the block covers, passthrough all, then rejects.
        if (mode === "buffer") expect(pieces).toEqual([]);
        else if (mode === "window") expect(released).not.toContain("BLOCKME");
        else expect(released).toBe(blockedAnswer);
      });
    }

    it("buffer: an output redaction it cannot apply stops the stream with nothing released", async () => {
      const { pieces, error } = await streamed(
        guarded({ stream: "buffer" }),
        "ANSWER_UNREDACTABLE",
      );
      expect(violationIn(error)?.reason).toBe("incomplete-redaction");
      expect(violationIn(error)?.direction).toBe("output");
      expect(pieces).toEqual([]);
    });

    it("window: an output redaction it cannot apply stops the model's stream", async () => {
      const caller = guarded({ stream: "window", windowSize: 8 });
      const { pieces, error } = await streamed(caller, "ANSWER_UNREDACTABLE HANG");
      expect(violationIn(error)?.reason).toBe("incomplete-redaction");
      expect(pieces.join("")).not.toContain("REDACT_NOSPAN");
      await expect.poll(() => driver.cancelledStreams(), pollTimeout).toBe(1);
    });

    it("window: a block mid-stream stops the model's stream", async () => {
      const caller = guarded({ stream: "window", windowSize: 8 });
      const { pieces, error } = await streamed(caller, "ANSWER_BLOCK HANG");
      expect(violationIn(error)?.direction).toBe("output");
      expect(pieces.join("")).not.toContain("BLOCKME");
      await expect.poll(() => driver.cancelledStreams(), pollTimeout).toBe(1);
    });

    for (const mode of ["buffer", "window"] as const) {
      it(`${mode}: redacts an address dressed up as a placeholder, split across pieces`, async () => {
        const caller = guarded({ stream: mode, windowSize: 8 });
        const { pieces, error } = await streamed(caller, "ANSWER_LOOKALIKE");
        expect(error).toBeUndefined();
        expect(pieces.join("")).not.toContain("ceo@acme.com");
        expect(pieces.join("")).toContain("[REDACTED:email]");
      });
    }

    it("stops an input redaction it cannot apply before the model, releasing nothing", async () => {
      const { pieces, error } = await streamed(guarded(), `REDACT_NOSPAN: mail ${leakedEmail}`);
      expect(violationIn(error)?.reason).toBe("incomplete-redaction");
      expect(violationIn(error)?.direction).toBe("input");
      expect(pieces).toEqual([]);
      expect(driver.modelInputs()).toEqual([]);
    });

    it("blocks the input before the model is called, releasing nothing", async () => {
      const { pieces, error } = await streamed(guarded(), "BLOCKME please");
      expect(violationIn(error)?.direction).toBe("input");
      expect(pieces).toEqual([]);
      expect(driver.modelInputs()).toEqual([]);
    });

    it("redacts the input and the system prompt: the model sees only redacted text", async () => {
      const { pieces, error } = await streamed(guarded(), `Mail ${leakedEmail} now`, {
        system: `Escalate to ${systemEmail}.`,
      });
      expect(error).toBeUndefined();
      expect(pieces.join("")).toBe("echo: Mail [REDACTED:email] now");
      const inputs = driver.modelInputs();
      expect(inputs).toHaveLength(1);
      expect(inputs[0]).not.toContain(leakedEmail);
      expect(inputs[0]).not.toContain(systemEmail);
      expect(inputs[0]).toContain("Escalate to [REDACTED:email].");
    });

    it("abort: the caller's signal rejects the stream while the input check is pending", async () => {
      bed.anthale.hold("input");
      const controller = new AbortController();
      const call = streamed(guarded(), "Hello", { signal: controller.signal }).then(({ error }) => {
        if (error !== undefined) throw error;
      });
      await expect.poll(() => bed.anthale.held, pollTimeout).toBe(1);
      controller.abort();
      const { order, error } = await abortOrder(call, bed.anthale);
      expect(order).toEqual(["call rejected"]);
      expect(isAbort(error)).toBe(true);
      expect(driver.modelInputs()).toEqual([]);
      await expect.poll(() => bed.anthale.hungUp, pollTimeout).toBe(1);
    });

    it("abort: the caller's signal rejects a buffered stream while its output check is pending", async () => {
      bed.anthale.hold("output");
      const controller = new AbortController();
      const pieces: string[] = [];
      const call = streamed(guarded({ stream: "buffer" }), "Hello", {
        signal: controller.signal,
      }).then((outcome) => {
        pieces.push(...outcome.pieces);
        if (outcome.error !== undefined) throw outcome.error;
      });
      await expect.poll(() => bed.anthale.held, pollTimeout).toBe(1);
      controller.abort();
      const { order, error } = await abortOrder(call, bed.anthale);
      expect(order).toEqual(["call rejected"]);
      expect(isAbort(error)).toBe(true);
      expect(pieces).toEqual([]);
      await expect.poll(() => bed.anthale.hungUp, pollTimeout).toBe(1);
    });

    it("keeps 20 concurrent streams apart: each answer and redaction belongs to its own call", async () => {
      const caller = guarded();
      const outcomes = await Promise.all(
        concurrentPrompts.map((prompt) => streamed(caller, prompt)),
      );
      expect(outcomes.map(({ error }) => error)).toEqual(concurrentPrompts.map(() => undefined));
      expect(outcomes.map(({ pieces }) => pieces.join(""))).toEqual(concurrentAnswers);
      expectNoCrossTalk();
    });

    it("fails closed: Anthale unreachable rejects the stream and the model is never called", async () => {
      const logger = captureLogger();
      const caller = guarded({ client: bed.unreachableClient(logger), failMode: "closed" });
      const { pieces, error } = await streamed(caller, "Hello");
      expect(chainOf(error).some((link) => link instanceof APIConnectionError)).toBe(true);
      expect(pieces).toEqual([]);
      expect(driver.modelInputs()).toEqual([]);
    });

    it("fails open: Anthale unreachable lets the stream through, with one warning per check", async () => {
      const logger = captureLogger();
      const caller = guarded({ client: bed.unreachableClient(logger), failMode: "open" });
      const { pieces, error } = await streamed(caller, "Hello");
      expect(error).toBeUndefined();
      expect(pieces.join("")).toBe("echo: Hello");
      const warnings = logger.lines.filter((line) => line.level === "warn");
      expect(warnings.map((line) => /could not check the (\w+)/.exec(line.text)?.[1])).toEqual([
        "input",
        "output",
      ]);
    });

    it("sends the options' metadata (and the call's, where it takes any) with every check", async () => {
      const metadata = driver.perCallMetadata ? { call: "streamed" } : undefined;
      const { error } = await streamed(guarded({ metadata: { app: "conformance" } }), "Hello", {
        ...(metadata && { metadata }),
      });
      expect(error).toBeUndefined();
      const expected = { app: "conformance", ...metadata };
      expect(bed.anthale.requests.map((request) => [request.direction, request.metadata])).toEqual([
        ["input", expected],
        ["output", expected],
      ]);
    });
  });
}
