// Describes a contract's changes for people: a table for the terminal, what @anthale/sdk does not
// expose, why an update was refused, and Markdown for each package's changelog.

/** The levels in the order they are shown, with their headings. */
const groups = [
  { level: "breaking", heading: "Breaking" },
  { level: "non-breaking", heading: "Non-breaking" },
  { level: "documentation", heading: "Documentation" },
];

/**
 * The changes grouped by level, breaking first; empty groups left out.
 * @param {import("./changes.mjs").ContractChange[]} changes the changes
 * @returns {{ level: string, heading: string, changes: import("./changes.mjs").ContractChange[] }[]}
 */
function groupChanges(changes) {
  return groups
    .map((group) => ({
      ...group,
      changes: changes.filter((change) => change.level === group.level),
    }))
    .filter((group) => group.changes.length > 0);
}

/**
 * A plain-text summary for the terminal: a count per level, then one line per change under its group.
 * @param {import("./changes.mjs").ContractChange[]} changes the changes
 * @returns {string}
 */
export function formatSummary(changes) {
  if (changes.length === 0) return "The contract did not change.";
  const grouped = groupChanges(changes);
  const counts = grouped.map((group) => `${group.changes.length} ${group.heading.toLowerCase()}`);
  const fits = changes.map((change) => change.location.length).filter((length) => length <= 48);
  const width = Math.max(0, ...fits);
  const lines = [`Contract changes: ${counts.join(", ")}`];
  for (const group of grouped) {
    lines.push("", `${group.heading} (${group.changes.length})`);
    for (const change of group.changes) {
      if (change.location.length <= width) {
        lines.push(`  ${change.location.padEnd(width)}  ${change.message}`);
      } else {
        lines.push(`  ${change.location}`, `  ${"".padEnd(width)}  ${change.message}`);
      }
    }
  }
  return lines.join("\n");
}

/**
 * The enum values this update adds that the SDK's code does not name: the maintainer decides how
 * the SDK treats each one.
 * @param {import("./sdk-coverage.mjs").SdkGap[]} gaps the SDK's coverage gaps
 * @param {import("./changes.mjs").ContractChange[]} changes the changes
 * @returns {import("./sdk-coverage.mjs").SdkGap[]}
 */
function decisionsNeeded(gaps, changes) {
  return gaps.filter(
    (gap) =>
      gap.kind === "enum-value" &&
      changes.some(
        (change) =>
          change.kind === "enum-value-added" &&
          change.schema === gap.schema &&
          change.message === `enum value ${JSON.stringify(gap.value)} added`,
      ),
  );
}

/**
 * What the new contract has that @anthale/sdk does not expose, and the decisions the update asks
 * for, as text for the terminal.
 * @param {import("./sdk-coverage.mjs").SdkGap[]} gaps the SDK's coverage gaps
 * @param {import("./changes.mjs").ContractChange[]} changes the changes
 * @returns {string}
 */
export function formatCoverage(gaps, changes) {
  const missing = gaps.filter((gap) => gap.kind !== "enum-value");
  const decisions = decisionsNeeded(gaps, changes);
  const lines = [];
  if (missing.length === 0) lines.push("@anthale/sdk exposes everything the contract offers.");
  else {
    lines.push(`Not exposed by @anthale/sdk (${missing.length}):`);
    for (const gap of missing) lines.push(`  not exposed by @anthale/sdk: ${gap.subject}`);
  }
  if (decisions.length > 0) {
    lines.push("", `Decide how @anthale/sdk treats (${decisions.length}):`);
    for (const gap of decisions) {
      lines.push(
        `  ${gap.subject}, new in this contract.`,
        `    Until a release handles it: ${gap.until}.`,
      );
    }
  }
  return lines.join("\n");
}

/**
 * A Markdown summary of the contract's changes for `@anthale/client`'s changeset: a title, then
 * a list per level, breaking first and marked.
 * @param {import("./changes.mjs").ContractChange[]} changes the changes
 * @param {{ from?: string, to?: string }} versions the contract's `info.version` before and after
 * @returns {string}
 */
export function changesetSummary(changes, { from, to } = {}) {
  const title =
    from !== to && to !== undefined
      ? `Update to version ${to} of the Anthale API contract (was ${from ?? "unversioned"}).`
      : "Update the Anthale API contract.";
  return markdown(title, changes, () => "");
}

/**
 * A Markdown summary for `@anthale/sdk`'s changeset: only the changes that reach SDK users (see
 * `sdkChanges`), breaking first and marked; a value the SDK does not handle yet says what the SDK
 * does with it.
 * @param {import("./changes.mjs").ContractChange[]} changes the changes that reach SDK users
 * @param {{ from?: string, to?: string }} versions the contract's `info.version` before and after
 * @param {import("./sdk-coverage.mjs").SdkGap[]} [gaps] the SDK's coverage gaps
 * @returns {string}
 */
export function sdkChangesetSummary(changes, { from, to } = {}, gaps = []) {
  const title =
    from !== to && to !== undefined
      ? `Follow version ${to} of the Anthale API contract (was ${from ?? "unversioned"}).`
      : "Follow the Anthale API contract.";
  const decisions = decisionsNeeded(gaps, changes);
  const note = (change) => {
    const gap = decisions.find(
      (entry) =>
        entry.schema === change.schema &&
        change.message === `enum value ${JSON.stringify(entry.value)} added`,
    );
    return gap === undefined ? "" : `; @anthale/sdk does not handle it yet: ${gap.until}`;
  };
  return markdown(title, changes, note);
}

function markdown(title, changes, note) {
  const sections = [title];
  for (const group of groupChanges(changes)) {
    const items = group.changes.map(
      (change) => `- \`${change.location}\`: ${change.message}${note(change)}`,
    );
    const heading =
      group.level === "breaking" ? "**Breaking changes:**" : `${group.heading} changes:`;
    sections.push(`${heading}\n\n${items.join("\n")}`);
  }
  return `${sections.join("\n\n")}\n`;
}
