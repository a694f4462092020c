// Describes a contract's changes for people: a table for the terminal and Markdown for the changelog.

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
 * A Markdown summary for a changeset: a title, then a list per level.
 * @param {import("./changes.mjs").ContractChange[]} changes the changes
 * @param {{ from?: string, to?: string }} versions the contract's `info.version` before and after
 * @returns {string}
 */
export function changesetSummary(changes, { from, to } = {}) {
  const title =
    from !== to && to !== undefined
      ? `Update to version ${to} of the Anthale API contract (was ${from ?? "unversioned"}).`
      : "Update the Anthale API contract.";
  const sections = [title];
  for (const group of groupChanges(changes)) {
    const items = group.changes.map((change) => `- \`${change.location}\`: ${change.message}`);
    sections.push(`${group.heading} changes:\n\n${items.join("\n")}`);
  }
  return `${sections.join("\n\n")}\n`;
}
