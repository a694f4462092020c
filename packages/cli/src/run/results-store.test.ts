import { appendFile, mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CaseOutcome, RunResults } from "../eval/case-result.js";
import {
  JOURNAL_FILE,
  Journal,
  parseResults,
  readPreviousRun,
  writeResults,
} from "./results-store.js";

function outcome(id: string): CaseOutcome {
  return {
    id,
    direction: "input",
    expected: {},
    status: "done",
    action: "allow",
    guardrails: [],
    survived: [],
    passed: true,
    failures: [],
    latencyMs: 1,
  };
}

describe("the journal and results file", () => {
  it("keeps every appended outcome, even when the last line was cut by a crash", async () => {
    const folder = await mkdtemp(join(tmpdir(), "anthale-store-"));
    const journal = await Journal.create(folder, { policy: "p" });
    for (const id of ["a", "b", "c"]) journal.append(outcome(id));
    await journal.close();
    await appendFile(join(folder, JOURNAL_FILE), '{"id":"d","status":"do');
    const previous = await readPreviousRun(folder);
    expect(previous.results).toBeUndefined();
    expect(previous.journal.map((entry) => entry.id)).toEqual(["a", "b", "c"]);
  });

  it("folds into results.json and removes the journal", async () => {
    const folder = await mkdtemp(join(tmpdir(), "anthale-store-"));
    const journal = await Journal.create(folder, {});
    journal.append(outcome("a"));
    await journal.close();
    const run: RunResults = {
      version: 1,
      dataset: "d",
      policy: "p",
      startedAt: "s",
      finishedAt: "f",
      complete: true,
      cases: [outcome("a")],
    };
    const path = await writeResults(folder, run);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(run);
    await expect(stat(join(folder, JOURNAL_FILE))).rejects.toThrow();
    expect((await readPreviousRun(folder)).results?.cases).toHaveLength(1);
  });
});

describe("parseResults", () => {
  it("refuses a file that is not a results file, naming it and the bad case", () => {
    expect(() => parseResults("{", "old.json")).toThrow("old.json is not valid JSON");
    expect(() => parseResults('{"version":2,"cases":[]}', "old.json")).toThrow(
      "not a results file",
    );
    const withBadCase = JSON.stringify({
      version: 1,
      cases: [outcome("a"), { status: "done", passed: true }],
    });
    expect(() => parseResults(withBadCase, "old.json")).toThrow(
      "old.json: cases[1] is not a case outcome",
    );
  });

  it("reads every case field by field, so an edited file cannot reach the reports malformed", () => {
    const edited = JSON.stringify({
      version: 1,
      cases: [{ id: "b", status: "done", passed: true, guardrails: "not a list" }],
    });
    const [read] = parseResults(edited, "old.json").cases;
    // A done case without an action has nothing to judge: it is an error, and did not pass.
    expect(read?.status).toBe("error");
    expect(read?.passed).toBe(false);
    expect(read?.guardrails).toEqual([]);
  });
});
