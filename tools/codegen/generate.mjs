// Turns the OpenAPI contract into the TypeScript source of @anthale/client's generated types and
// of the runtime lists of the values each of its enums allows.
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

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

/** The helper types openapi-typescript declares for its enum-values lists' annotations. */
const listHelpers = new Set(["FlattenedDeepRequired", "ReadonlyArray"]);

/**
 * Where in `components` an enum-values list's type points, as the schema's name and the
 * properties within it: `["DataLeakageEvaluation", "guardrailKey"]` for
 * `ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["DataLeakageEvaluation"]["guardrailKey"]>`.
 */
function enumLocation(declaration) {
  const names = [];
  let type = declaration.type?.typeArguments?.[0] ?? declaration.type;
  while (type && ts.isIndexedAccessTypeNode(type)) {
    const index = type.indexType;
    if (ts.isLiteralTypeNode(index) && ts.isStringLiteral(index.literal)) {
      names.unshift(index.literal.text);
    }
    type = type.objectType;
  }
  return names[0] === "schemas" ? names.slice(1) : names;
}

/**
 * An enum-values list (`export const policyGuardrailDirectionValues: ReadonlyArray<...> = [...]`)
 * rewritten as `export const policyGuardrailDirectionValues = [...] as const`, with a doc comment
 * saying which enum of the contract it lists. Its type is then the tuple of the enum's values,
 * which needs none of openapi-typescript's helper types (unexported, they would be holes in the
 * API reference, and its `ReadonlyArray` shadows the global one).
 */
function constantList(statement) {
  const declarations = statement.declarationList.declarations.map((declaration) =>
    ts.factory.updateVariableDeclaration(
      declaration,
      declaration.name,
      undefined,
      undefined,
      ts.factory.createAsExpression(
        declaration.initializer,
        ts.factory.createTypeReferenceNode("const"),
      ),
    ),
  );
  const rewritten = ts.factory.updateVariableStatement(
    statement,
    statement.modifiers,
    ts.factory.updateVariableDeclarationList(statement.declarationList, declarations),
  );
  const where = enumLocation(statement.declarationList.declarations[0]).join(".");
  return ts.addSyntheticLeadingComment(
    rewritten,
    ts.SyntaxKind.MultiLineCommentTrivia,
    `* Every value the contract allows for \`${where}\`, in the contract's order. `,
    true,
  );
}

/** The generated nodes with every enum-values list made a documented constant (see {@link constantList}). */
function withConstantLists(nodes) {
  return nodes
    .filter((node) => !(ts.isTypeAliasDeclaration(node) && listHelpers.has(node.name.text)))
    .map((node) => (ts.isVariableStatement(node) ? constantList(node) : node));
}

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
    // Runtime lists of every enum's values (`policyGuardrailDirectionValues`...), which the SDK
    // validates against, so its checks follow the contract.
    enumValues: true,
  });
  const source = astToString(withConstantLists(ast));
  for (const helper of listHelpers) {
    if (new RegExp(`\\b${helper}<`).test(source)) {
      throw new Error(`The generated types still use ${helper}, which was left out.`);
    }
  }
  return `${header}\n${source}`;
}
