// Run after `changeset version`: in the newest section of each package's CHANGELOG.md, moves the
// entries that announce breaking changes (their text starts with "**Breaking changes:**", as
// CONTRIBUTING.md asks) to a "Breaking changes" heading at the top of the section, so that a
// reader upgrading sees them first, whatever bump they came with.
// Usage: node tools/release-check/hoist-breaking.mjs [package folders...] (default: packages/*)
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The heading the breaking entries are gathered under. */
export const breakingHeading = "### ⚠ Breaking changes";

const marker = /^- (?:[0-9a-f]{7,40}: )?\*\*Breaking changes?:\*\*/i;

/** Splits a section's body into blocks: a heading line, or a bullet with its indented lines. */
function blocksOf(lines) {
  const blocks = [];
  for (const line of lines) {
    const continues = blocks.length > 0 && (line.startsWith("  ") || line === "");
    if (continues && blocks.at(-1).kind === "entry") blocks.at(-1).lines.push(line);
    else if (line.startsWith("- ")) blocks.push({ kind: "entry", lines: [line] });
    else blocks.push({ kind: "other", lines: [line] });
  }
  return blocks;
}

/** Drops the type headings (`### Minor Changes`...) left with no entry under them. */
function dropEmptyHeadings(blocks) {
  return blocks.filter((block, index) => {
    if (block.kind !== "other" || !block.lines[0].startsWith("### ")) return true;
    const next = blocks.slice(index + 1).find((other) => other.lines.some((line) => line !== ""));
    return next !== undefined && next.kind === "entry";
  });
}

/**
 * Returns `changelog` with the breaking entries of its newest version section (the first `## `
 * heading) moved under {@link breakingHeading}, first in that section. Older sections and a
 * changelog without breaking entries are returned unchanged.
 */
export function hoistBreakingChanges(changelog) {
  const lines = changelog.split("\n");
  const start = lines.findIndex((line) => line.startsWith("## "));
  if (start === -1) return changelog;
  const after = lines.findIndex((line, index) => index > start && line.startsWith("## "));
  const end = after === -1 ? lines.length : after;
  const blocks = blocksOf(lines.slice(start + 1, end));
  const breaking = blocks.filter((block) => block.kind === "entry" && marker.test(block.lines[0]));
  if (breaking.length === 0) return changelog;
  const rest = dropEmptyHeadings(blocks.filter((block) => !breaking.includes(block)));
  const trimmed = (block) => {
    const kept = [...block.lines];
    while (kept.at(-1) === "") kept.pop();
    return kept;
  };
  const section = [
    "",
    breakingHeading,
    "",
    ...breaking.flatMap(trimmed),
    "",
    ...rest
      .flatMap((block) => block.lines)
      .join("\n")
      .replace(/^\n+/, "")
      .split("\n"),
  ];
  return [...lines.slice(0, start + 1), ...section, ...lines.slice(end)].join("\n");
}

async function main() {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const folders = process.argv.slice(2);
  if (folders.length === 0) {
    for (const entry of await readdir(join(root, "packages"))) folders.push(`packages/${entry}`);
  }
  for (const folder of folders) {
    const file = join(root, folder, "CHANGELOG.md");
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const hoisted = hoistBreakingChanges(text);
    if (hoisted !== text) {
      await writeFile(file, hoisted);
      console.log(`${folder}/CHANGELOG.md: breaking changes moved to the top of the new version`);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
