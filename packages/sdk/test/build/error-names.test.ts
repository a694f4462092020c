// The error classes of the package as built (ESM, and the CommonJS root entry, with the package's
// own tsup options) are named as they are exported: on the class, on each error, and in the stack
// of an error the transport built. A bundler renames a class whose body refers to itself
// (`var APIError = class _APIError`), and that name is what users would see.
import { execFile } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build, type Options } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { javascriptBuild, writeCommonJsEntry } from "../../tsup.config.js";

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
// Inside the package, so the build's imports of its dependencies resolve as the real dist's do.
const outDir = join(packageRoot, "node_modules", ".cache", `error-names-${process.pid}`);

/** What the child process reports for one format. */
interface Report {
  classes: { exported: string; className: string; errorName: string }[];
  thrown: { exported: string; className: string; errorName: string; stack: string }[];
}

// Run in a plain Node.js process, so what is checked is the built file as Node.js loads it.
const probe = `
const http = require("node:http");
const [format, file] = process.argv.slice(1);
(async () => {
  const sdk = format === "esm" ? await import(require("node:url").pathToFileURL(file)) : require(file);
  const isErrorClass = (value) =>
    typeof value === "function" &&
    (value === sdk.AnthaleError || value.prototype instanceof sdk.AnthaleError);
  const classes = Object.entries(sdk)
    .filter(([, value]) => isErrorClass(value))
    .map(([exported, ErrorClass]) => ({
      exported,
      className: ErrorClass.name,
      errorName: Reflect.construct(ErrorClass, ["input", { action: "block" }]).name,
    }));
  const server = http.createServer((request, response) => {
    request.resume();
    const status = Number(request.headers["x-answer"]);
    response.writeHead(status, { "content-type": "application/json", "retry-after": "0" });
    response.end(JSON.stringify({ error: { message: "no" } }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = new sdk.Anthale({
    apiKey: "k",
    baseURL: "http://127.0.0.1:" + server.address().port,
    maxRetries: 0,
    logLevel: "off",
  });
  const thrown = [];
  for (const [status, exported] of [[401, "AuthenticationError"], [429, "RateLimitError"], [418, "APIError"]]) {
    const error = await client.organizations.policies
      .enforce(
        "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44",
        { direction: "input", messages: [{ role: "user", content: "Hi" }] },
        { headers: { "x-answer": String(status) } },
      )
      .catch((caught) => caught);
    thrown.push({ exported, className: error.constructor.name, errorName: error.name, stack: error.stack });
  }
  server.close();
  process.stdout.write(JSON.stringify({ classes, thrown }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** Loads the built entry in a fresh Node.js process and reports its error classes. */
async function probeBuild(format: "esm" | "cjs"): Promise<Report> {
  const file = join(outDir, format === "esm" ? "index.js" : "commonjs.cjs");
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", probe, format, file], {
    cwd: packageRoot,
  });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  const options: Options = {
    ...javascriptBuild,
    config: false,
    entry: { index: "src/index.ts" },
    outDir,
    sourcemap: false,
    silent: true,
    onSuccess: () => writeCommonJsEntry(outDir),
  };
  await mkdir(outDir, { recursive: true });
  await build(options);
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe.each(["esm", "cjs"] as const)("the built package (%s)", (format) => {
  it("names every error class, and each error, as it is exported", async () => {
    const { classes, thrown } = await probeBuild(format);
    expect(classes.map((entry) => entry.exported).sort()).toEqual([
      "APIConnectionError",
      "APIConnectionTimeoutError",
      "APIError",
      "APIUserAbortError",
      "AnthaleError",
      "AnthalePolicyViolationError",
      "AnthaleValidationError",
      "AuthenticationError",
      "BadRequestError",
      "ConflictError",
      "InternalServerError",
      "InvalidResponseError",
      "NotFoundError",
      "PermissionDeniedError",
      "RateLimitError",
      "RedirectError",
      "ResponseTooLargeError",
      "UnprocessableEntityError",
    ]);
    for (const { exported, className, errorName } of [...classes, ...thrown]) {
      expect({ className, errorName }, exported).toEqual({
        className: exported,
        errorName: exported,
      });
    }
    for (const { stack } of thrown) {
      expect(stack).not.toMatch(/\b_[A-Z]\w*/);
      expect(stack).not.toMatch(/\b[A-Z]\w*Error\d+\b/);
    }
  });
});
