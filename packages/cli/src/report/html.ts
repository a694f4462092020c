// Safe HTML building for the report: a tagged template that escapes every interpolated value
// unless it is HTML this module built, so no dataset or server string can become markup.

/** A piece of HTML built by {@link html}: interpolated as is, never escaped again. */
export class SafeHtml {
  /** The markup. */
  readonly value: string;

  constructor(value: string) {
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}

/**
 * Characters that have no place in an HTML document (C0 controls but tab and line breaks,
 * DEL, C1 controls, lone surrogates, noncharacters U+FFFE/U+FFFF).
 */
const NOT_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters replaced.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text escaped for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(NOT_TEXT, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** One interpolated value as markup: escaped text, or HTML built here, or a list of either. */
function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

/**
 * Builds HTML from a template: the literal parts are the markup, and every `${value}` is escaped
 * (strings, numbers) unless it is a {@link SafeHtml} from another `html` template. Arrays are
 * joined; `undefined`, `null` and `false` render as nothing.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}
