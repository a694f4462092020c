// `pnpm example:eval` in one command: the example dataset through the built `anthale eval`
// against the Prism mock, writing the three reports (here into a temporary folder).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("./run.mjs", import.meta.url));
let out;

/** Runs the example with `args` added; resolves with its exit code and output. */
function runExample(args) {
  const env = { ...process.env };
  for (const name of ["ANTHALE_API_KEY", "ANTHALE_POLICY_ID", "ANTHALE_BASE_URL"]) delete env[name];
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "anthale-example-eval-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("the eval example on the mock", () => {
  it("evaluates every case and writes results.json, report.html and junit.xml", async () => {
    const { code, stdout } = await runExample([
      "--out",
      join(out, "first"),
      "--junit",
      join(out, "first", "junit.xml"),
      "--no-progress",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("against the mock");
    const dataset = await readFile(
      fileURLToPath(new URL("./cases.jsonl", import.meta.url)),
      "utf8",
    );
    const cases = dataset.split("\n").filter((line) => line.trim() !== "").length;
    const results = JSON.parse(await readFile(join(out, "first", "results.json"), "utf8"));
    expect(results.complete).toBe(true);
    expect(results.cases).toHaveLength(cases);
    expect(results.cases.every((outcome) => outcome.status === "done")).toBe(true);
    expect(await readFile(join(out, "first", "report.html"), "utf8")).toContain("<table");
    const junit = await readFile(join(out, "first", "junit.xml"), "utf8");
    expect(junit.match(/<testcase /g)).toHaveLength(cases);
  }, 900_000);

  it("passes arguments on to anthale eval: a gate it fails sets exit code 2", async () => {
    const { code } = await runExample([
      "--out",
      join(out, "gated"),
      "--junit",
      join(out, "gated", "junit.xml"),
      "--no-progress",
      "--min-accuracy",
      "0.9",
    ]);
    expect(code).toBe(2);
  }, 900_000);
});
