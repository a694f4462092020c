import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EvalCase } from "../eval/case-result.js";
import { doneCase, run } from "../report/outcome-fixtures.test-support.js";
import { Journal, writeResults } from "./results-store.js";
import { resumeFrom } from "./resume.js";

const cases = [{ id: "a" }, { id: "b" }] as EvalCase[];
const say = () => {};

describe("resumeFrom", () => {
  it("keeps the cases a journal of the same policy has done", async () => {
    const folder = await mkdtemp(join(tmpdir(), "anthale-resume-"));
    const journal = await Journal.create(folder, { policy: "policy-a" });
    journal.append(doneCase({ id: "a" }));
    await journal.close();
    const resumed = await resumeFrom(folder, cases, "policy-a", say);
    expect([...resumed.outcomes.keys()]).toEqual(["a"]);
  });

  it("refuses a journal left by a crash of a run with another policy", async () => {
    const folder = await mkdtemp(join(tmpdir(), "anthale-resume-"));
    const journal = await Journal.create(folder, { policy: "policy-a" });
    journal.append(doneCase({ id: "a" }));
    await journal.close();
    await expect(resumeFrom(folder, cases, "policy-b", say)).rejects.toThrow(
      /journal\.jsonl was made with another policy/,
    );
  });

  it("refuses a results file of another policy", async () => {
    const folder = await mkdtemp(join(tmpdir(), "anthale-resume-"));
    await writeResults(folder, run([doneCase({ id: "a" })], { policy: "policy-a" }));
    await expect(resumeFrom(folder, cases, "policy-b", say)).rejects.toThrow(
      /results\.json was made with another policy/,
    );
  });
});
