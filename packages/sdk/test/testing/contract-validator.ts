// Test helper: validates answers against openapi/anthale.yaml with a JSON Schema 2020-12 validator
// (the contract is OpenAPI 3.1, whose schemas are JSON Schema 2020-12): the body against the
// schema the enforce operation gives its status (the error envelope for a status it does not
// list), and each header the contract describes against its schema.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const contractPath = fileURLToPath(new URL("../../../../openapi/anthale.yaml", import.meta.url));
const contractId = "anthale.yaml";

type Node = Record<string, unknown>;

const contract = parse(readFileSync(contractPath, "utf8")) as Node;
// `strict: false`: the contract's schemas carry OpenAPI keywords (`example`, `discriminator`,
// `x-stainless-*`) a JSON Schema validator does not know; `oneOf` over the guardrails' `const`
// keys checks what the discriminator says.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(contract, contractId);

const enforcePath = "/organizations/policies/{policy_identifier}/enforce";

/** The node at a local `$ref` (`#/components/...`) of the contract. */
function resolve(node: Node): Node {
  const ref = node.$ref;
  if (typeof ref !== "string") return node;
  return ref
    .slice(2)
    .split("/")
    .reduce<Node>((at, key) => at[key.replace(/~1/g, "/").replace(/~0/g, "~")] as Node, contract);
}

/** The JSON pointer of a path in the contract, for a `$ref`. */
function pointer(...keys: string[]): string {
  return `#/${keys.map((key) => key.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
}

/** The enforce operation's response for `status` (resolved), when the contract lists it. */
function operationResponse(status: number): Node | undefined {
  const paths = contract.paths as Record<string, Node>;
  const responses = (paths[enforcePath] as Node).post as Node;
  const byStatus = responses.responses as Record<string, Node>;
  const response = byStatus[String(status)];
  return response === undefined ? undefined : resolve(response);
}

/** A JSON-pointer `$ref` to the schema of the body the contract gives `status`. */
function bodySchemaRef(status: number): string {
  const listed = operationResponse(status);
  if (!listed) {
    if (status < 400) throw new Error(`the contract lists no ${status} answer`);
    return `${contractId}${pointer("components", "schemas", "AnthaleErrorResponse")}`;
  }
  const content = (listed.content as Record<string, Node>)["application/json"] as Node;
  const schema = content.schema as Node;
  return `${contractId}${typeof schema.$ref === "string" ? schema.$ref : ""}`;
}

/** A header value as the contract types it: an integer schema reads a whole-number string. */
function headerValue(schema: Node, value: string): unknown {
  return schema.type === "integer" && /^\d+$/.test(value) ? Number(value) : value;
}

/** One problem found in an answer. */
export interface Violation {
  /** Where: `body`, or `header <name>`. */
  where: string;
  /** What the validator said. */
  message: string;
}

/**
 * What is wrong with an answer of `status`, per the contract: the body against its schema, and
 * every header the contract describes for that answer (or for any enforce answer, when it does not
 * list the status) against the header's schema. Empty when the answer is valid.
 */
export function contractViolations(status: number, body: unknown, headers: Headers): Violation[] {
  const violations: Violation[] = [];
  const validateBody =
    ajv.getSchema(bodySchemaRef(status)) ?? ajv.compile({ $ref: bodySchemaRef(status) });
  if (!validateBody(body)) {
    for (const error of validateBody.errors ?? []) {
      violations.push({ where: "body", message: `${error.instancePath} ${error.message}` });
    }
  }
  const described = (operationResponse(status)?.headers ?? {}) as Record<string, Node>;
  const components = (contract.components as Node).headers as Record<string, Node>;
  const names = new Set([...Object.keys(described), ...Object.keys(components)]);
  for (const name of names) {
    const value = headers.get(name);
    if (value === null) continue;
    const header = resolve(described[name] ?? (components[name] as Node));
    const schema = header.schema as Node;
    const validate = ajv.compile(schema);
    if (!validate(headerValue(schema, value))) {
      violations.push({ where: `header ${name}`, message: ajv.errorsText(validate.errors) });
    }
  }
  return violations;
}

/** The headers the contract requires on an answer of `status`: the ones it lists for it. */
export function describedHeaders(status: number): string[] {
  return Object.keys((operationResponse(status)?.headers ?? {}) as Node).map((name) =>
    name.toLowerCase(),
  );
}
