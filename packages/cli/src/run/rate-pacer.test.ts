import { describe, expect, it } from "vitest";
import { RatePacer } from "./rate-pacer.js";

/**
 * A simulated run against a fixed-window server (limit per window, `RateLimit-Reset` rounded up to
 * whole seconds, 429 with Retry-After beyond the limit): workers ask the pacer, send, and report
 * each answer, on a simulated clock. Returns what the server saw.
 */
function simulate(options: {
  limit: number;
  windowMs: number;
  phaseMs: number;
  workers: number;
  latencyMs: number;
  durationMs: number;
  paced: boolean;
}) {
  const pacer = new RatePacer();
  const { limit, windowMs, phaseMs, latencyMs } = options;
  const counts = new Map<number, number>();
  let accepted = 0;
  let refused = 0;
  let refusedProbes = 0;
  // Each worker's next wake-up time; the earliest runs first. A worker waiting for an answer
  // holds it until it wakes, so the others see its request as unanswered meanwhile.
  const wake = Array.from({ length: options.workers }, () => 0);
  const answers: (Parameters<RatePacer["observe"]>[0] | undefined)[] = wake.map(() => undefined);
  for (;;) {
    const worker = wake.indexOf(Math.min(...wake));
    const now = wake[worker] as number;
    if (now >= options.durationMs) break;
    const answer = answers[worker];
    if (answer) {
      pacer.observe(answer);
      answers[worker] = undefined;
    }
    const decision = options.paced ? pacer.decide(now) : { go: true as const, probe: false };
    if (!decision.go) {
      wake[worker] = Math.max(now + 1, Math.min(decision.until, now + 25));
      continue;
    }
    const ticket = pacer.reserve(decision.probe);
    const serverTime = now + latencyMs / 2;
    const window = Math.floor((serverTime + phaseMs) / windowMs);
    const windowEnd = (window + 1) * windowMs - phaseMs;
    const used = counts.get(window) ?? 0;
    const reset = Math.ceil((windowEnd - serverTime) / 1000);
    const ok = used < limit;
    if (ok) {
      counts.set(window, used + 1);
      accepted++;
    } else {
      refused++;
      if (ticket.probe) refusedProbes++;
    }
    const receivedAt = now + latencyMs;
    answers[worker] = {
      seq: ticket.seq,
      sentAt: now,
      receivedAt,
      status: ok ? 200 : 429,
      rateLimit: { limit, remaining: Math.max(0, limit - used - (ok ? 1 : 0)), reset },
      ...(ok ? {} : { retryAfterMs: reset * 1000 }),
    };
    wake[worker] = receivedAt;
  }
  return { accepted, refused, refusedProbes, counts, pacer };
}

describe("RatePacer", () => {
  it("goes at full speed while no answer gave a rate limit", () => {
    const pacer = new RatePacer();
    for (let index = 0; index < 100; index++) {
      expect(pacer.decide(0)).toEqual({ go: true, probe: false });
      pacer.reserve();
    }
  });

  it("never lets concurrent sends exceed what the freshest answer left", () => {
    const pacer = new RatePacer();
    pacer.reserve();
    pacer.observe({
      seq: 0,
      sentAt: 0,
      receivedAt: 1,
      status: 200,
      rateLimit: { limit: 10, remaining: 3, reset: 5 },
    });
    let sent = 0;
    while (pacer.decide(2).go && sent < 100) {
      pacer.reserve();
      sent++;
    }
    expect(sent).toBe(3);
    expect(pacer.decide(2)).toMatchObject({ go: false });
  });

  it("pauses every sender for Retry-After after a 429 it did not expect", () => {
    const pacer = new RatePacer();
    const { seq } = pacer.reserve();
    pacer.observe({ seq, sentAt: 0, receivedAt: 10, status: 429, retryAfterMs: 3000 });
    expect(pacer.decide(1000)).toEqual({ go: false, until: 3010 });
    expect(pacer.decide(3010)).toEqual({ go: true, probe: false });
  });

  it("backs off without Retry-After, doubling", () => {
    const pacer = new RatePacer();
    pacer.observe({ seq: pacer.reserve().seq, sentAt: 0, receivedAt: 0, status: 429 });
    expect(pacer.decide(0)).toEqual({ go: false, until: 1000 });
    pacer.observe({ seq: pacer.reserve().seq, sentAt: 1000, receivedAt: 1000, status: 429 });
    expect(pacer.decide(1000)).toEqual({ go: false, until: 3000 });
  });

  for (const windowMs of [1000, 2000, 5000]) {
    for (const phaseMs of [0, 137, 730]) {
      it(`uses at least 90% of a ${limitFor(windowMs)}/${windowMs} ms window with few 429s (phase ${phaseMs} ms)`, () => {
        const run = simulate({
          limit: limitFor(windowMs),
          windowMs,
          phaseMs,
          workers: 8,
          latencyMs: 2,
          durationMs: 10 * windowMs,
          paced: true,
        });
        const allowed = limitFor(windowMs) * 10;
        expect(run.accepted).toBeGreaterThanOrEqual(0.9 * allowed);
        for (const count of run.counts.values())
          expect(count).toBeLessThanOrEqual(limitFor(windowMs));
        // Only probes meet a 429, and at most a few dozen per window.
        expect(run.refused).toBe(run.refusedProbes);
        expect(run.refused).toBeLessThanOrEqual(10 * 45);
        // Sending without the pacer would meet far more.
        const unpaced = simulate({
          limit: limitFor(windowMs),
          windowMs,
          phaseMs,
          workers: 8,
          latencyMs: 2,
          durationMs: 10 * windowMs,
          paced: false,
        });
        expect(unpaced.refused).toBeGreaterThan(5 * run.refused);
      });
    }
  }
});

function limitFor(windowMs: number): number {
  return windowMs;
}
