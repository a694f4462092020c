// Validates GitHub Actions workflow files with action-validator (a WebAssembly build, so it runs
// offline on every supported Node.js) and lists the workflows of the repository.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";

/** The repository's workflow folder. */
export const workflowsDir = new URL("../../.github/workflows/", import.meta.url);

/**
 * The workflow files (`.yml`/`.yaml`) in a folder, sorted by name.
 * @param {URL | string} dir
 * @returns {string[]}
 */
export function listWorkflows(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
    .sort();
}

/**
 * Validates one workflow file and returns its errors, each as one readable line (empty when the
 * workflow is valid).
 * @param {URL | string} dir
 * @param {string} name
 * @returns {string[]}
 */
export function workflowErrors(dir, name) {
  const path = dir instanceof URL ? new URL(name, dir) : join(dir, name);
  const result = validateWorkflow(readFileSync(path, "utf8"));
  return result.errors.map(
    (error) => `${name}: ${error.path || "/"}: ${error.title} (${error.detail ?? error.code})`,
  );
}
