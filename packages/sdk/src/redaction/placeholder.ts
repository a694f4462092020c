/** The most characters of a category a placeholder names. */
export const maxCategoryLength = 64;

/** Runs of the characters a category may not put in a placeholder. */
const disallowed = /[^A-Za-z0-9_.-]+/;

/**
 * The placeholder that replaces a leaked span: `[REDACTED:<category>]`, or `[REDACTED]` when there
 * is no usable category.
 *
 * The category comes from the server, so it is reduced before it is shown: only ASCII letters,
 * digits, `_`, `-` and `.` are kept; each run of other characters between kept ones becomes one
 * `_` (`"credit card"` gives `credit_card`) and runs at either end are dropped; the result is cut
 * to 64 characters (`maxCategoryLength`). A category that is missing, not a string, or left
 * without a letter or digit gives `[REDACTED]`. No category can break the placeholder's shape.
 */
export function placeholder(category?: string): string {
  if (typeof category !== "string") return "[REDACTED]";
  const name = category
    .split(disallowed)
    .filter((part) => part.length > 0)
    .join("_")
    .slice(0, maxCategoryLength);
  return /[A-Za-z0-9]/.test(name) ? `[REDACTED:${name}]` : "[REDACTED]";
}
