import { describe, expect, it } from "vitest";
import { breakingHeading, hoistBreakingChanges } from "./hoist-breaking.mjs";

const changelog = `# @anthale/sdk

## 0.2.0

### Minor Changes

- 1a2b3c4: A new option.
- 5d6e7f8: **Breaking changes:** \`enforce\` now rejects an empty conversation.

  Pass at least one message.

### Patch Changes

- 9a8b7c6: A small fix.
- Updated dependencies [1a2b3c4]
  - @anthale/client@0.2.0

## 0.1.0

### Minor Changes

- 0f0f0f0: **Breaking changes:** an old entry that stays where it is.
`;

describe("hoistBreakingChanges", () => {
  it("moves the newest version's breaking entries first, under their own heading", () => {
    const hoisted = hoistBreakingChanges(changelog);
    const newest = hoisted.slice(hoisted.indexOf("## 0.2.0"), hoisted.indexOf("## 0.1.0"));
    expect(newest.split("\n").slice(0, 7)).toEqual([
      "## 0.2.0",
      "",
      breakingHeading,
      "",
      "- 5d6e7f8: **Breaking changes:** `enforce` now rejects an empty conversation.",
      "",
      "  Pass at least one message.",
    ]);
    expect(newest).toContain("### Minor Changes\n\n- 1a2b3c4: A new option.");
    expect(newest).toContain("### Patch Changes\n\n- 9a8b7c6: A small fix.");
    expect(newest.match(/Breaking changes:\*\*/g)).toHaveLength(1);
  });

  it("leaves older versions alone", () => {
    const hoisted = hoistBreakingChanges(changelog);
    expect(hoisted.slice(hoisted.indexOf("## 0.1.0"))).toBe(
      changelog.slice(changelog.indexOf("## 0.1.0")),
    );
  });

  it("drops a type heading left empty", () => {
    const only = "# p\n\n## 1.0.0\n\n### Major Changes\n\n- abcdef1: **Breaking changes:** gone.\n";
    const hoisted = hoistBreakingChanges(only);
    expect(hoisted).not.toContain("### Major Changes");
    expect(hoisted).toContain(`${breakingHeading}\n\n- abcdef1: **Breaking changes:** gone.`);
  });

  it("changes nothing without a breaking entry", () => {
    const plain = "# p\n\n## 1.0.1\n\n### Patch Changes\n\n- abcdef1: A fix.\n";
    expect(hoistBreakingChanges(plain)).toBe(plain);
  });
});
