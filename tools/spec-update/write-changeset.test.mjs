import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changesetSummary, formatSummary, sdkChangesetSummary } from "./format-summary.mjs";
import { changesetText, writeChangeset } from "./write-changeset.mjs";

const changes = [
  {
    kind: "property-added",
    level: "non-breaking",
    breaking: false,
    location: "PolicyEnforcementResult.latencyMs",
    message: "optional field `latencyMs` added",
  },
  {
    kind: "enum-value-removed",
    level: "breaking",
    breaking: true,
    location: "PolicyEnforcementMessageRole",
    message: 'enum value "tool" removed',
  },
];
const releases = [
  { name: "@anthale/client", bump: "minor", changes },
  { name: "@anthale/sdk", bump: "minor", changes },
];

let folder;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "anthale-changeset-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("changeset", () => {
  it("has the packages and bumps in its front matter, then the summary", () => {
    const summary = changesetSummary(changes, { from: "0.0.1", to: "0.0.2" });
    expect(changesetText(releases, summary)).toBe(
      [
        "---",
        '"@anthale/client": minor',
        '"@anthale/sdk": minor',
        "---",
        "",
        "Update to version 0.0.2 of the Anthale API contract (was 0.0.1).",
        "",
        "**Breaking changes:**",
        "",
        '- `PolicyEnforcementMessageRole`: enum value "tool" removed',
        "",
        "Non-breaking changes:",
        "",
        "- `PolicyEnforcementResult.latencyMs`: optional field `latencyMs` added",
        "",
      ].join("\n"),
    );
  });

  it("for the SDK, says what it does with a value it does not handle yet", () => {
    const escalate = {
      kind: "enum-value-added",
      level: "non-breaking",
      breaking: false,
      location: "PolicyEnforcementResultAction",
      message: 'enum value "escalate" added',
      schema: "PolicyEnforcementResultAction",
    };
    const gaps = [
      {
        kind: "enum-value",
        schema: "PolicyEnforcementResultAction",
        value: "escalate",
        subject: 'enum value "escalate" of `PolicyEnforcementResultAction`',
        until: "the integrations block",
      },
    ];
    expect(sdkChangesetSummary([escalate], { from: "0.0.1", to: "0.1.0" }, gaps)).toBe(
      [
        "Follow version 0.1.0 of the Anthale API contract (was 0.0.1).",
        "",
        "Non-breaking changes:",
        "",
        '- `PolicyEnforcementResultAction`: enum value "escalate" added; @anthale/sdk does not handle it yet: the integrations block',
        "",
      ].join("\n"),
    );
  });

  it("gets a name no other changeset has", async () => {
    const now = new Date("2030-01-02T03:04:05Z");
    const first = await writeChangeset(folder, releases, "One.", { now });
    const second = await writeChangeset(folder, releases, "Two.", { now });
    const labelled = await writeChangeset(folder, releases, "Three.", { now, label: "sdk" });
    expect(first).toBe(join(folder, "contract-update-20300102030405.md"));
    expect(second).toBe(join(folder, "contract-update-20300102030405-2.md"));
    expect(labelled).toBe(join(folder, "contract-update-20300102030405-sdk.md"));
    expect(await readdir(folder)).toHaveLength(3);
    expect(await readFile(first, "utf8")).toContain("One.");
  });

  it("refuses to be written without a package", async () => {
    await expect(writeChangeset(folder, [], "Nothing.")).rejects.toThrow("at least one package");
  });
});

describe("formatSummary", () => {
  it("groups the changes, breaking first, with a count per level", () => {
    const text = formatSummary(changes);
    expect(text.split("\n")).toEqual([
      "Contract changes: 1 breaking, 1 non-breaking",
      "",
      "Breaking (1)",
      '  PolicyEnforcementMessageRole       enum value "tool" removed',
      "",
      "Non-breaking (1)",
      "  PolicyEnforcementResult.latencyMs  optional field `latencyMs` added",
    ]);
  });

  it("says when nothing changed", () => {
    expect(formatSummary([])).toBe("The contract did not change.");
  });
});
