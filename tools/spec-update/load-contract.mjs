// Reads an OpenAPI contract from a file or an http(s) URL and checks that it is an OpenAPI 3.x
// document whose local references all point somewhere; a problem is named with its file and line.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { isScalar, LineCounter, parseDocument, stringify, visit } from "yaml";

/** Thrown when a contract cannot be read, is not YAML/JSON, or is not an OpenAPI 3.x document. */
export class ContractError extends Error {
  /** @param {string} message what is wrong with the contract */
  constructor(message) {
    super(message);
    this.name = "ContractError";
  }
}

/**
 * @typedef {object} LoadedContract
 * @property {string} source where the contract was read from (absolute path or URL)
 * @property {string} text the text to store as `openapi/anthale.yaml` (YAML; JSON input is converted)
 * @property {Record<string, any>} document the parsed document
 */

/**
 * Reads a contract from a path or an http(s) URL.
 * @param {string} source a file path (relative to `options.cwd`) or an `http://` / `https://` URL
 * @param {{ cwd?: string, fetch?: typeof globalThis.fetch }} [options] where relative paths start,
 *   and the `fetch` used for URLs
 * @returns {Promise<LoadedContract>}
 * @throws {ContractError} when the contract cannot be read or is not an OpenAPI 3.x document
 */
export async function loadContract(source, options = {}) {
  const { cwd = process.cwd(), fetch = globalThis.fetch } = options;
  if (typeof source !== "string" || source.trim() === "") {
    throw new ContractError("No contract given: pass a file path or an http(s) URL.");
  }
  const isUrl = /^https?:\/\//i.test(source);
  const location = isUrl ? source : resolve(cwd, source);
  const raw = isUrl ? await download(location, fetch) : await readLocal(location);
  const document = parseContract(raw, location);
  const text = raw.trimStart().startsWith("{") ? stringify(document, { lineWidth: 0 }) : raw;
  return { source: location, text, document };
}

/**
 * Parses the text of a contract and checks its shape and its local references.
 * @param {string} text YAML or JSON
 * @param {string} [source] shown in error messages
 * @returns {Record<string, any>} the parsed document
 * @throws {ContractError} when the text is not YAML, not an OpenAPI 3.x document, or has a local
 *   `$ref` that points nowhere; the message names the file, the line and the problem
 */
export function parseContract(text, source = "the contract") {
  const lines = new LineCounter();
  const parsed = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [error] = parsed.errors;
  if (error !== undefined) {
    const { line, col } = lines.linePos(error.pos[0]);
    const problem = error.message.replace(/ at line \d+, column \d+:?$/, "");
    throw new ContractError(
      `${source}:${line}:${col}: not valid YAML: ${problem}.\n${excerpt(text, line, col)}`,
    );
  }
  const document = parsed.toJS();
  assertOpenApi3(document, source);
  const dangling = danglingReferences(parsed, document, lines);
  if (dangling.length > 0) {
    throw new ContractError(
      dangling
        .map(({ line, col, ref }) => `${source}:${line}:${col}: \`$ref: ${ref}\` points nowhere.`)
        .join("\n"),
    );
  }
  return document;
}

/**
 * The local references (`#/...`) of a parsed document that do not resolve, with their place.
 * @param {import("yaml").Document} parsed the document, with its source positions
 * @param {unknown} document the same document as plain values
 * @param {LineCounter} lines the line counter the document was parsed with
 * @returns {{ line: number, col: number, ref: string }[]}
 */
function danglingReferences(parsed, document, lines) {
  const dangling = [];
  visit(parsed, {
    Pair(_key, pair) {
      if (!isScalar(pair.key) || pair.key.value !== "$ref" || !isScalar(pair.value)) return;
      const ref = pair.value.value;
      if (typeof ref !== "string" || !ref.startsWith("#") || resolves(document, ref)) return;
      dangling.push({ ...lines.linePos(pair.value.range[0]), ref });
    },
  });
  return dangling;
}

/** Whether a local JSON pointer (`#/components/schemas/X`) names a node of the document. */
function resolves(document, ref) {
  let node = document;
  for (const part of ref.slice(1).split("/").filter(Boolean)) {
    const name = decodeURIComponent(part).replaceAll("~1", "/").replaceAll("~0", "~");
    if (!(isObject(node) || Array.isArray(node)) || !Object.hasOwn(node, name)) return false;
    node = node[name];
  }
  return true;
}

/** The line at fault and a caret under its column, indented, to show under a message. */
function excerpt(text, line, col) {
  const shown = text.split("\n")[line - 1] ?? "";
  return `  ${shown}\n  ${" ".repeat(Math.max(0, col - 1))}^`;
}

/**
 * Checks the minimum an OpenAPI 3.x document must have for the client to be generated from it.
 * @param {unknown} document a parsed document
 * @param {string} source shown in error messages
 * @throws {ContractError} when the document is not an OpenAPI 3.x document
 */
function assertOpenApi3(document, source) {
  const refuse = (reason) => {
    throw new ContractError(`${source} is not an OpenAPI 3.x document: ${reason}.`);
  };
  if (!isObject(document)) refuse("it is not a mapping");
  if (typeof document.openapi !== "string") {
    refuse(document.swagger ? "it is a Swagger 2.0 document" : "the `openapi` field is missing");
  }
  if (!/^3\.\d+(\.\d+)?$/.test(document.openapi)) {
    refuse(`\`openapi\` is "${document.openapi}", expected 3.x`);
  }
  if (!isObject(document.info)) refuse("the `info` object is missing");
  if (typeof document.info.title !== "string" || typeof document.info.version !== "string") {
    refuse("`info.title` and `info.version` must be strings");
  }
  if (document.paths !== undefined && !isObject(document.paths)) refuse("`paths` is not a mapping");
  if (document.components !== undefined && !isObject(document.components)) {
    refuse("`components` is not a mapping");
  }
  if (!isObject(document.paths) && !isObject(document.components)) {
    refuse("it has neither `paths` nor `components`");
  }
}

async function readLocal(path) {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new ContractError(`Cannot read ${path}: ${firstLine(error)}`);
  }
}

async function download(url, fetch) {
  let response;
  try {
    response = await fetch(url, { headers: { accept: "application/yaml, application/json" } });
  } catch (error) {
    throw new ContractError(`Cannot fetch ${url}: ${firstLine(error)}`);
  }
  if (!response.ok) {
    throw new ContractError(`Cannot fetch ${url}: HTTP ${response.status}`);
  }
  return response.text();
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstLine(error) {
  return String(error?.message ?? error).split("\n")[0];
}
