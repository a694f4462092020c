// Turns the OpenAPI contract into the TypeScript source of @anthale/client's generated types.
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

/** Repository root, found from this file's place in tools/codegen. */
export const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The contract the client is generated from. */
export const contractPath = fileURLToPath(new URL("../../openapi/anthale.yaml", import.meta.url));

/** Where the generated types are committed. */
export const generatedPath = fileURLToPath(
  new URL("../../packages/client/src/generated/schema.ts", import.meta.url),
);

const header = `// This file is generated from openapi/anthale.yaml by \`pnpm generate\`.
// Do not edit it by hand: change the contract and regenerate.
`;

/**
 * Generates the types for a contract.
 * @param {string} [path] path of the OpenAPI document, the project's contract by default
 * @returns {Promise<string>} the TypeScript source, header included
 */
export async function generateTypes(path = contractPath) {
  const ast = await openapiTS(pathToFileURL(path), {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    // A field with a default may be left out of a request.
    defaultNonNullable: false,
    alphabetize: false,
    exportType: false,
  });
  return `${header}\n${astToString(ast)}`;
}
