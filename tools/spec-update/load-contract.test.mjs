import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ContractError, loadContract, parseContract } from "./load-contract.mjs";
import { baseContract, fixture } from "./test-repository.mjs";

let folder;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "anthale-load-contract-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const minimal = "openapi: 3.0.3\ninfo:\n  title: Small\n  version: '1.0'\npaths: {}\n";

describe("loadContract", () => {
  it("reads a path relative to the given folder and keeps the YAML as written", async () => {
    const text = await baseContract();
    await writeFile(join(folder, "anthale.yaml"), text);
    const loaded = await loadContract("anthale.yaml", { cwd: folder });
    expect(loaded.source).toBe(join(folder, "anthale.yaml"));
    expect(loaded.text).toBe(text);
    expect(loaded.document.paths).toHaveProperty([
      "/organizations/policies/{policy_identifier}/enforce",
    ]);
  });

  it("fetches an http(s) URL", async () => {
    const requested = [];
    const fetch = async (url) => {
      requested.push(url);
      return new Response(minimal);
    };
    const loaded = await loadContract("https://example.test/openapi.yaml", { fetch });
    expect(requested).toEqual(["https://example.test/openapi.yaml"]);
    expect(loaded.document.info.title).toBe("Small");
  });

  it("stores a JSON contract as YAML", async () => {
    const json = JSON.stringify(parse(minimal));
    await writeFile(join(folder, "contract.json"), json);
    const loaded = await loadContract(join(folder, "contract.json"));
    expect(loaded.text).toMatch(/^openapi: 3\.0\.3\ninfo:\n {2}title: Small\n/);
    expect(parse(loaded.text)).toEqual(parse(minimal));
  });

  it("refuses a URL that answers with an error", async () => {
    const fetch = async () => new Response("missing", { status: 404 });
    await expect(loadContract("http://example.test/x.yaml", { fetch })).rejects.toThrow(
      "Cannot fetch http://example.test/x.yaml: HTTP 404",
    );
  });

  it("refuses a missing file and an empty source", async () => {
    await expect(loadContract(join(folder, "nope.yaml"))).rejects.toBeInstanceOf(ContractError);
    await expect(loadContract("")).rejects.toThrow("No contract given");
  });
});

describe("parseContract", () => {
  it.each([
    ["openapi: [unclosed", "new.yaml:1:19: not valid YAML"],
    ["just a string", "it is not a mapping"],
    ["swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}", "it is a Swagger 2.0 document"],
    [
      "openapi: 2.0.0\ninfo: {title: T, version: '1'}\npaths: {}",
      '`openapi` is "2.0.0", expected 3.x',
    ],
    ["openapi: 3.1.0\npaths: {}", "the `info` object is missing"],
    ["openapi: 3.1.0\ninfo: {title: T, version: 1}\npaths: {}", "must be strings"],
    ["openapi: 3.1.0\ninfo: {title: T, version: '1'}", "it has neither `paths` nor `components`"],
    ["openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: [1]", "`paths` is not a mapping"],
  ])("refuses %j", (text, reason) => {
    expect(() => parseContract(text, "new.yaml")).toThrow(ContractError);
    expect(() => parseContract(text, "new.yaml")).toThrow(reason);
  });

  it("names the file, the line and the problem of invalid YAML, with the line at fault", async () => {
    const text = await fixture("invalid-yaml.yaml");
    expect(() => parseContract(text, "new.yaml")).toThrow(
      "new.yaml:388:1: not valid YAML: All mapping items must start at the same column.\n" +
        "           default: true\n  ^",
    );
  });

  it("names the file and the line of a local $ref that points nowhere", async () => {
    const text = await fixture("dangling-ref.yaml");
    const failure = (() => {
      try {
        parseContract(text, "new.yaml");
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ContractError);
    expect(failure.message).toBe(
      "new.yaml:111:23: `$ref: #/components/schemas/PolicyEnforcementResults` points nowhere.",
    );
    expect(() =>
      parseContract(text.replace("PolicyEnforcementResults", "PolicyEnforcementResult")),
    ).not.toThrow();
  });

  it("accepts OpenAPI 3.0 and 3.1 documents", () => {
    expect(parseContract(minimal).openapi).toBe("3.0.3");
    expect(parseContract(minimal.replace("3.0.3", "3.1.0")).openapi).toBe("3.1.0");
  });
});
