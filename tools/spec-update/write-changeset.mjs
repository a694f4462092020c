// Writes a changeset file (.changeset/<name>.md) for the packages a contract change releases.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The text of a changeset: YAML front matter naming each package and its bump, then the summary.
 * @param {import("./plan-release.mjs").Release[]} releases the packages and bumps
 * @param {string} summary the Markdown the changelog will show
 * @returns {string}
 */
export function changesetText(releases, summary) {
  const front = releases.map((release) => `"${release.name}": ${release.bump}`);
  return `---\n${front.join("\n")}\n---\n\n${summary.trimEnd()}\n`;
}

/**
 * Writes a changeset under a name no other file in the folder has.
 * @param {string} directory the `.changeset` folder
 * @param {import("./plan-release.mjs").Release[]} releases the packages and bumps (at least one)
 * @param {string} summary the Markdown the changelog will show
 * @param {{ now?: Date, label?: string }} [options] the time the name is made from, and a word
 *   added to it (`client`, `sdk`) when one update writes a changeset per package
 * @returns {Promise<string>} the path of the file written
 */
export async function writeChangeset(directory, releases, summary, options = {}) {
  if (releases.length === 0) throw new Error("A changeset needs at least one package to release.");
  const stamp = (options.now ?? new Date()).toISOString().replace(/\D/g, "").slice(0, 14);
  const label = options.label === undefined ? "" : `-${options.label}`;
  const text = changesetText(releases, summary);
  for (let attempt = 1; ; attempt += 1) {
    const suffix = attempt > 1 ? `-${attempt}` : "";
    const path = join(directory, `contract-update-${stamp}${label}${suffix}.md`);
    try {
      await writeFile(path, text, { flag: "wx" });
      return path;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
  }
}
