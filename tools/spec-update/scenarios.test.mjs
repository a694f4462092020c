// Each scenario of the contract-update table, run against a frozen fixture contract in one
// throwaway workspace (createWorkspace) whose contract starts as fixtures/base.yaml. The scenarios
// that need the SDK's checks run `pnpm spec:update` for real (Spectral, generation, the client's
// build, `tsc --noEmit` of the packages that depend on it, the SDK's contract tests on Prism);
// the others replace the build and the dependents' checks with passing ones and read the SDK's
// coverage for real.
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCoverage } from "./format-summary.mjs";
import { changesetBumps, fixturePath } from "./test-repository.mjs";
import { createWorkspace, updatableFiles } from "./test-workspace.mjs";
import { updateContract } from "./update-contract.mjs";

const cli = new URL("./cli.mjs", import.meta.url).pathname;
const fixtures = new URL("./fixtures/", import.meta.url).pathname;

let workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
}, 120_000);
afterAll(async () => {
  await workspace?.remove();
});

/**
 * Runs `pnpm spec:update <fixture> --root <workspace>` as typed from the fixtures folder.
 * @returns {Promise<{ code: number, stdout: string, stderr: string, transcript: string }>} what
 *   it printed, and both streams in the order they were written
 */
function specUpdate(name, ...flags) {
  return new Promise((resolve, reject) => {
    const args = [cli, name, "--root", workspace.root, ...flags];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, INIT_CWD: fixtures },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const printed = { stdout: "", stderr: "", transcript: "" };
    for (const stream of ["stdout", "stderr"]) {
      child[stream].setEncoding("utf8").on("data", (chunk) => {
        printed[stream] += chunk;
        printed.transcript += chunk;
      });
    }
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, ...printed }));
  });
}

async function changesets() {
  const folder = join(workspace.root, ".changeset");
  const names = (await readdir(folder)).filter((name) => name !== "config.json").sort();
  const texts = {};
  for (const name of names) {
    texts[/-(client|sdk)\.md$/.exec(name)?.[1] ?? name] = await readFile(
      join(folder, name),
      "utf8",
    );
  }
  return texts;
}

describe("a contract refused before anything is written", () => {
  it("invalid YAML: one message naming the file, the line and the problem", async () => {
    const before = await updatableFiles(workspace.root);
    const { code, stdout, stderr } = await specUpdate("invalid-yaml.yaml");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `${fixtures}invalid-yaml.yaml:388:1: not valid YAML: All mapping items must start at the same column.\n` +
        "           default: true\n  ^\nNothing was changed.\n",
    );
    expect(await updatableFiles(workspace.root)).toEqual(before);
  });

  it("a dangling $ref: one message naming the file, the line and the reference", async () => {
    const { code, stderr } = await specUpdate("dangling-ref.yaml");
    expect(code).toBe(1);
    expect(stderr).toBe(
      `${fixtures}dangling-ref.yaml:111:23: \`$ref: #/components/schemas/PolicyEnforcementResults\` points nowhere.\n` +
        "Nothing was changed.\n",
    );
  });

  it("a Spectral violation: the summary first, then refused with the lint output", async () => {
    const before = await updatableFiles(workspace.root);
    const { code, transcript } = await specUpdate("spectral-violation.yaml");
    expect(code).toBe(1);
    expect(transcript).toMatch(/^Contract changes: 1 documentation\n/);
    expect(transcript).toContain(
      "spectral-violation.yaml breaks the contract's lint rules (Spectral (`pnpm lint:contract`)):",
    );
    expect(transcript).toMatch(/29:11\s+warning\s+operation-tag-defined/);
    expect(transcript).toMatch(/Nothing was changed\.\n$/);
    expect(await updatableFiles(workspace.root)).toEqual(before);
  }, 60_000);
});

describe("a contract that breaks the SDK", () => {
  it("a new required request field: refused and rolled back, naming the failing SDK file", async () => {
    const before = await updatableFiles(workspace.root);
    const { code, transcript } = await specUpdate("required-request-field.yaml");
    expect(code).toBe(1);
    expect(transcript).toMatch(/^Contract changes: 1 breaking, 2 documentation\n/);
    const refused = transcript.indexOf("Refused: the new contract breaks what depends on it.");
    expect(refused).toBeGreaterThan(transcript.indexOf("PolicyEnforceRequest.applicationId"));
    expect(transcript).toContain("not exposed by @anthale/sdk: request field `applicationId`");
    expect(transcript).toMatch(
      /`tsc --noEmit` in packages\/sdk failed \(@anthale\/sdk\):\n {2}packages\/sdk\/src\/request\/enforce-request\.ts\(\d+,\d+\): error TS\d+: .*applicationId/,
    );
    expect(transcript).toMatch(/contract tests against Prism on the new contract failed/);
    expect(transcript).toContain("or accept the contract as it is with `--allow-broken-sdk`.");
    expect(transcript).toContain("The previous contract and generated types were restored");
    expect(await updatableFiles(workspace.root)).toEqual(before);
  }, 900_000);

  it("a result field removed: the summary, then why it was refused and what deployed clients would do", async () => {
    const before = await updatableFiles(workspace.root);
    const { code, transcript } = await specUpdate("result-field-removed.yaml");
    expect(code).toBe(1);
    expect(transcript).toMatch(/^Contract changes: \d+ breaking/);
    const summary = transcript.indexOf("field `enforcerIdentifier` removed");
    const refused = transcript.indexOf("Refused: the new contract breaks what depends on it.");
    const deployed = transcript.indexOf("What deployed clients would do:");
    expect(summary).toBeGreaterThan(-1);
    expect(refused).toBeGreaterThan(summary);
    expect(deployed).toBeGreaterThan(refused);
    const afterwards = transcript.slice(deployed);
    expect(afterwards).toContain(
      "PolicyEnforcementResult.enforcerIdentifier: field `enforcerIdentifier` removed",
    );
    expect(afterwards).toMatch(/contract tests ran the SDK as it is now .*\(\d+ of \d+ failed\)/);
    expect(afterwards).toContain("a body that lacks `enforcerIdentifier`");
    expect(await updatableFiles(workspace.root)).toEqual(before);
  }, 900_000);
});

describe("a realistic update (optional field, evaluation type, action, operation)", () => {
  let outcome;
  let written;
  beforeAll(async () => {
    outcome = await specUpdate("realistic-update.yaml");
    written = await changesets();
  }, 900_000);
  afterAll(async () => {
    await workspace.reset();
  });

  it("is accepted after every check, the summary printed first", () => {
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(
      /^Contract changes: 2 breaking, 4 non-breaking, 1 documentation\n/,
    );
    expect(outcome.stdout).toMatch(
      /Accepted\. Wrote:\n {2}\.changeset\/contract-update-\d{14}-client\.md {2}@anthale\/client: minor\n {2}\.changeset\/contract-update-\d{14}-sdk\.md {2}@anthale\/sdk: minor\n$/,
    );
  });

  it("lists what @anthale/sdk does not expose, and asks for a decision on the new action", () => {
    const report = outcome.stdout.slice(outcome.stdout.indexOf("Not exposed by @anthale/sdk"));
    expect(report).toContain("not exposed by @anthale/sdk: request field `sessionId`");
    expect(report).toContain(
      "not exposed by @anthale/sdk: response type `JailbreakDetectionEvaluation` (not re-exported)",
    );
    expect(report).toContain(
      "not exposed by @anthale/sdk: operation `GET /organizations/policies/{id}` (`organizations.policies.retrieve`)",
    );
    expect(report).toContain('Decide how @anthale/sdk treats (1):\n  enum value "escalate"');
    expect(report).toMatch(
      /Until a release handles it: .*PolicyEnforcer and the integrations .* block/,
    );
  });

  it("writes a changeset per package: the client's lists the contract, the SDK's what SDK users get", () => {
    expect(Object.keys(written)).toEqual(["client", "sdk"]);
    const { client, sdk } = written;
    expect(changesetBumps(client)).toEqual({ "@anthale/client": "minor" });
    expect(changesetBumps(sdk)).toEqual({ "@anthale/sdk": "minor" });
    for (const text of [client, sdk]) {
      expect(text.indexOf("**Breaking changes:**")).toBeLessThan(text.indexOf("Non-breaking"));
    }
    expect(client).toContain("sessionId");
    expect(client).toContain("organizations.policies.retrieve");
    expect(client).toMatch(
      /\*\*Breaking changes:\*\*\n\n(- .*\n)*- `PolicyEnforcementResultAction`: enum value "escalate" added\n/,
    );
    expect(sdk).not.toContain("sessionId");
    expect(sdk).not.toContain("organizations.policies.retrieve");
    expect(sdk).not.toContain("`Policy`");
    expect(sdk).toMatch(
      /Non-breaking changes:\n\n(- .*\n)*- `PolicyEnforcementResultAction`: enum value "escalate" added; @anthale\/sdk does not handle it yet: .*block/,
    );
    expect(sdk).toMatch(
      /\*\*Breaking changes:\*\*\n\n- `PolicyEnforcementResult.evaluations\[\]`: oneOf variant `JailbreakDetectionEvaluation` added\n/,
    );
  });
});

describe("each change of the table, against the SDK's declarations", () => {
  /** The build and the dependents' checks pass at once here; the coverage is read for real. */
  const quick = {
    lint: async () => ({ name: "lint", ok: true, output: "" }),
    buildClient: async () => ({ name: "build", ok: true, output: "" }),
    checkDependents: async () => [],
  };
  const update = async (name) => {
    try {
      const result = await updateContract(fixturePath(name), {
        root: workspace.root,
        checks: quick,
      });
      return { ...result, written: await changesets() };
    } finally {
      await workspace.reset();
    }
  };

  it("a new optional request field: listed as not exposed, left out of the SDK's changeset", async () => {
    const { coverage, changes, written } = await update("optional-request-field.yaml");
    expect(formatCoverage(coverage.gaps, changes)).toBe(
      "Not exposed by @anthale/sdk (1):\n  not exposed by @anthale/sdk: request field `sessionId`",
    );
    expect(Object.keys(written)).toEqual(["client"]);
    expect(written.client).toContain("optional field `sessionId` added");
  }, 60_000);

  it("a new evaluation type: listed as not re-exported; breaking for both packages", async () => {
    const { coverage, written } = await update("new-evaluation-type.yaml");
    expect(
      coverage.gaps.filter((gap) => gap.kind !== "enum-value").map((gap) => gap.subject),
    ).toEqual(["response type `JailbreakDetectionEvaluation` (not re-exported)"]);
    expect(changesetBumps(written.sdk)).toEqual({ "@anthale/sdk": "minor" });
    expect(written.sdk).toMatch(/^\*\*Breaking changes:\*\*$/m);
  }, 60_000);

  it("a new action: a decision asked for, blocked until then; not breaking for SDK users", async () => {
    const { coverage, changes, written } = await update("new-action.yaml");
    expect(formatCoverage(coverage.gaps, changes)).toBe(
      [
        "@anthale/sdk exposes everything the contract offers.",
        "",
        "Decide how @anthale/sdk treats (1):",
        '  enum value "escalate" of `PolicyEnforcementResultAction`, new in this contract.',
        "    Until a release handles it: `enforce` returns it as it is; PolicyEnforcer and the integrations treat it as an action they do not know and block.",
      ].join("\n"),
    );
    expect(coverage.openEnums).toEqual(["PolicyEnforcementResultAction"]);
    expect(written.client).toContain("**Breaking changes:**");
    expect(written.sdk).not.toContain("Breaking");
    expect(written.sdk).toContain("does not handle it yet");
  }, 60_000);

  it("a new operation: listed as an operation not in @anthale/sdk, no SDK changeset", async () => {
    const { coverage, written } = await update("new-operation.yaml");
    expect(
      coverage.gaps.filter((gap) => gap.kind !== "enum-value").map((gap) => gap.subject),
    ).toEqual(["operation `GET /organizations/policies/{id}` (`organizations.policies.retrieve`)"]);
    expect(coverage.operations).toEqual(["organizations.policies.enforce"]);
    expect(Object.keys(written)).toEqual(["client"]);
  }, 60_000);
});
