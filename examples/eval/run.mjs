// Runs `anthale eval` on cases.jsonl and writes results.json, report.html and junit.xml to out/.
// Against the Anthale API when ANTHALE_API_KEY and ANTHALE_POLICY_ID are set; otherwise against a
// Prism mock of openapi/anthale.yaml started on a free local port and stopped at the end. Extra
// arguments are passed to `anthale eval` (for example `-- --min-accuracy 0.9`). Exits with the
// command's exit code.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockServer } from "@anthale/mock-server";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const cliManifest = require.resolve("@anthale/cli/package.json");
const { bin } = JSON.parse(readFileSync(cliManifest, "utf8"));
const anthale = join(dirname(cliManifest), typeof bin === "string" ? bin : bin.anthale);

/** The policy the contract's examples name; the mock accepts any UUID. */
const MOCK_POLICY_ID = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";

/** The arguments given to this script, without the `--` a package manager may pass on. */
const extra = process.argv.slice(2);
if (extra[0] === "--") extra.shift();

/** Runs the command with `env` added to the environment; resolves to its exit code. */
function runEval(env) {
  const args = ["eval", "cases.jsonl", "--out", "out", "--junit", "out/junit.xml"];
  const child = spawn(process.execPath, [anthale, ...args, ...extra], {
    cwd: here,
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
  // Ctrl-C reaches the command too: it stops cleanly, and this script waits for it.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", ignore);
      resolve(code ?? (signal === "SIGINT" ? 130 : 1));
    });
  });
}

let code;
const { ANTHALE_API_KEY: apiKey, ANTHALE_POLICY_ID: policyId } = process.env;
if (apiKey && policyId) {
  console.log("anthale eval on examples/eval/cases.jsonl, against the Anthale API");
  code = await runEval({});
} else {
  const mock = await startMockServer();
  try {
    console.log(`anthale eval on examples/eval/cases.jsonl, against the mock at ${mock.url}`);
    console.log(
      "The mock answers every case with the contract's example (allow), so these numbers show the report, not a policy.",
    );
    console.log("Set ANTHALE_API_KEY and ANTHALE_POLICY_ID to evaluate your own policy.\n");
    code = await runEval({
      ANTHALE_API_KEY: "demo-key",
      ANTHALE_BASE_URL: mock.url,
      ANTHALE_POLICY_ID: MOCK_POLICY_ID,
    });
  } finally {
    await mock.stop();
  }
}
// 0: the run completed and every gate passed; 2: a gate failed. Either way the reports are there.
if (code === 0 || code === 2) {
  console.log(`\nReports in ${join(here, "out")}: results.json, report.html, junit.xml`);
}
process.exitCode = code;
