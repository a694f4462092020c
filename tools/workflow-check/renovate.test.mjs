// The Renovate config groups every peer framework of @anthale/sdk, so a new framework version
// runs the integration suites in one pull request, and keeps dev tools on Node-20-compatible majors.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const renovate = JSON.parse(readFileSync(new URL("../../.github/renovate.json", import.meta.url)));
const sdk = JSON.parse(
  readFileSync(new URL("../../packages/sdk/package.json", import.meta.url), "utf8"),
);

/**
 * Whether a Renovate package-name pattern matches a name: exact, or a `scope/**` glob.
 * @param {string} pattern
 * @param {string} name
 */
function matches(pattern, name) {
  if (pattern.endsWith("/**")) return name.startsWith(pattern.slice(0, -2));
  return pattern === name;
}

/** The rule that applies to a package name, with the given property set. */
function ruleFor(name, property) {
  return renovate.packageRules.find(
    (rule) => property in rule && rule.matchPackageNames.some((p) => matches(p, name)),
  );
}

describe(".github/renovate.json", () => {
  it.each(Object.keys(sdk.peerDependencies))("groups the peer framework %s", (name) => {
    expect(ruleFor(name, "groupName")?.groupName).toBe("peer frameworks");
  });

  it.each([
    ["typescript", "<6.0.0"],
    ["vitest", "<5.0.0"],
    ["@stoplight/prism-cli", "~5.14.0"],
    ["@types/node", "<21.0.0"],
  ])("keeps %s at %s", (name, range) => {
    expect(ruleFor(name, "allowedVersions")?.allowedVersions).toBe(range);
  });
});
