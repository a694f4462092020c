// What a contract offers that @anthale/sdk does not expose, read with the TypeScript compiler from
// the client's generated types and the SDK's own declarations (never from a hand-kept list):
// operations without a method on the `Anthale` client, request fields its parameters lack,
// response variants (evaluation types) it does not re-export, and response enum values its code
// names some of but not all. Also which response enums the SDK's public types leave open.
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// TypeScript is the code generator's: the same compiler, without a second copy to keep in step.
const ts = createRequire(fileURLToPath(import.meta.resolve("@anthale/codegen/generate.mjs")))(
  "typescript",
);

/**
 * @typedef {object} SdkGap
 * @property {"operation" | "request-field" | "response-variant" | "enum-value"} kind what is missing
 * @property {string} subject what the contract has, in words (`request field \`sessionId\``)
 * @property {string} [schema] the component schema it is in, when there is one
 * @property {string} [property] the field, for a request field
 * @property {string} [operation] the operation's `operationId`, for an operation
 * @property {string} [value] the value, for an enum value
 * @property {string} [until] for an enum value: what the SDK does with it until it handles it
 */

/**
 * @typedef {object} SdkCoverage
 * @property {SdkGap[]} gaps what the contract has that the SDK does not expose
 * @property {string[]} operations the operations the SDK exposes, by `operationId`
 * @property {string[]} openEnums response enum schemas whose values the SDK's result type leaves
 *   open (any string accepted), so a value added there reaches SDK users without breaking them
 */

/** The SDK's files whose string literals say which response enum values it knows. */
const knowledgeRoots = ["src/index.ts", "src/integrations/shared/index.ts"];

/**
 * Reads what the SDK exposes of the contract, from a workspace whose client sources were just
 * generated: the SDK's sources are compiled (not emitted) against `packages/client/src`.
 * @param {string} root the workspace's root folder
 * @returns {SdkCoverage}
 */
export function sdkCoverage(root) {
  const sdk = join(root, "packages/sdk");
  const client = join(root, "packages/client/src");
  const config = ts.getParsedCommandLineOfConfigFile(
    join(sdk, "tsconfig.build.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (config === undefined) throw new Error(`Cannot read ${join(sdk, "tsconfig.build.json")}.`);
  const options = {
    ...config.options,
    noEmit: true,
    paths: {
      "@anthale/client": [join(client, "index.ts")],
      "@anthale/client/contract": [join(client, "contract.ts")],
    },
  };
  const roots = knowledgeRoots.map((path) => join(sdk, path));
  const program = ts.createProgram({ rootNames: roots, options });
  const checker = program.getTypeChecker();
  const reader = new Reader(program, checker, join(client, "generated/schema.ts"));
  return reader.coverage(roots[0], join(sdk, "src"));
}

class Reader {
  constructor(program, checker, generatedFile) {
    this.program = program;
    this.checker = checker;
    const generated = program.getSourceFile(generatedFile);
    if (generated === undefined)
      throw new Error(`${generatedFile} is not part of the SDK's build.`);
    this.generated = this.exportsOf(generated);
  }

  coverage(indexFile, sourceFolder) {
    const index = this.program.getSourceFile(indexFile);
    const sdkExports = this.exportsOf(index);
    const anthale = sdkExports.get("Anthale");
    if (anthale === undefined) throw new Error("@anthale/sdk does not export `Anthale`.");
    const client = this.checker.getDeclaredTypeOfSymbol(anthale);
    const gaps = [];
    const operations = [];
    const results = [];
    for (const operation of this.operations()) {
      const method = this.method(client, operation.id);
      if (method === undefined) {
        const named = operation.id === operation.key ? "" : ` (\`${operation.id}\`)`;
        gaps.push({
          kind: "operation",
          operation: operation.id,
          subject: `operation \`${operation.key}\`${named}`,
        });
        continue;
      }
      operations.push(operation.id);
      const body = this.bodyType(operation.type);
      const params = method.getParameters()[operation.pathParameters];
      if (body !== undefined && params !== undefined) {
        this.compareRequest(body, this.typeOf(params), "", gaps, new Set());
      }
      const answer = this.responseType(operation.type);
      if (answer !== undefined) {
        this.variantGaps(answer, sdkExports, gaps, new Set());
        results.push(this.checker.getAwaitedType(method.getReturnType()));
      }
    }
    const enums = this.enums();
    const openEnums = enums
      .filter((entry) => results.some((result) => this.leavesOpen(result, entry.values)))
      .map((entry) => entry.schema);
    gaps.push(...this.enumGaps(enums, openEnums, sourceFolder));
    return { gaps, operations, openEnums };
  }

  exportsOf(sourceFile) {
    const symbol = this.checker.getSymbolAtLocation(sourceFile);
    const exports = new Map();
    for (const entry of symbol === undefined ? [] : this.checker.getExportsOfModule(symbol)) {
      exports.set(entry.name, this.resolve(entry));
    }
    return exports;
  }

  resolve(symbol) {
    return symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  typeOf(symbol) {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    return declaration === undefined
      ? this.checker.getDeclaredTypeOfSymbol(symbol)
      : this.checker.getTypeOfSymbolAtLocation(symbol, declaration);
  }

  property(type, name) {
    const symbol = this.checker.getPropertyOfType(this.checker.getNonNullableType(type), name);
    return symbol === undefined ? undefined : this.typeOf(symbol);
  }

  /** Every operation of the generated `paths`, with its `operationId` from `operations`. */
  operations() {
    const paths = this.generated.get("paths");
    const operations = this.generated.get("operations");
    if (paths === undefined || operations === undefined) return [];
    const ids = new Map();
    for (const entry of this.checker.getDeclaredTypeOfSymbol(operations).getProperties()) {
      ids.set(this.typeOf(entry), entry.name);
    }
    const found = [];
    for (const path of this.checker.getDeclaredTypeOfSymbol(paths).getProperties()) {
      const item = this.typeOf(path);
      for (const method of ["get", "put", "post", "delete", "options", "head", "patch", "trace"]) {
        const type = this.property(item, method);
        if (type === undefined) continue;
        if (this.checker.getNonNullableType(type).flags & ts.TypeFlags.Never) continue;
        const key = `${method.toUpperCase()} ${path.name}`;
        const parameters = this.property(this.property(type, "parameters") ?? type, "path");
        found.push({
          key,
          id: ids.get(type) ?? key,
          type,
          pathParameters: parameters === undefined ? 0 : parameters.getProperties().length,
        });
      }
    }
    return found;
  }

  /** The SDK client's method for an `operationId` (`organizations.policies.enforce`). */
  method(client, id) {
    let type = client;
    for (const part of id.split(".")) {
      type = this.property(type, part);
      if (type === undefined) return undefined;
    }
    return type.getCallSignatures()[0];
  }

  bodyType(operation) {
    const body = this.property(operation, "requestBody");
    const content = body === undefined ? undefined : this.property(body, "content");
    return content === undefined ? undefined : this.property(content, "application/json");
  }

  responseType(operation) {
    const responses = this.property(operation, "responses");
    if (responses === undefined) return undefined;
    const success = responses.getProperties().find((entry) => /^2\d\d$/.test(entry.name));
    const content = success && this.property(this.typeOf(success), "content");
    return content === undefined ? undefined : this.property(content, "application/json");
  }

  /** The component schema a generated property or type literal is declared in. */
  schemaOf(declaration) {
    let node = declaration;
    while (node !== undefined) {
      const parent = node.parent;
      if (
        ts.isPropertySignature(node) &&
        parent !== undefined &&
        ts.isTypeLiteralNode(parent) &&
        ts.isPropertySignature(parent.parent) &&
        parent.parent.name.getText() === "schemas"
      ) {
        return node.name.getText().replace(/^["']|["']$/g, "");
      }
      node = parent;
    }
    return undefined;
  }

  /** Records the fields of a generated request type that the SDK's parameter type lacks. */
  compareRequest(generated, sdk, prefix, gaps, seen) {
    const wanted = this.checker.getNonNullableType(generated);
    if (seen.has(wanted) || seen.size > 50) return;
    seen.add(wanted);
    const offered = this.members(sdk);
    for (const part of this.members(wanted)) {
      if (this.checker.isArrayType(part)) {
        const element = this.checker.getIndexTypeOfType(part, ts.IndexKind.Number);
        const matching = offered.filter((candidate) => this.checker.isArrayType(candidate));
        for (const candidate of matching) {
          const inner = this.checker.getIndexTypeOfType(candidate, ts.IndexKind.Number);
          if (element && inner) this.compareRequest(element, inner, `${prefix}[]`, gaps, seen);
        }
        continue;
      }
      for (const field of part.getProperties()) {
        const holders = offered.filter((candidate) => candidate.getProperty(field.name));
        const path = `${prefix}${prefix === "" ? "" : "."}${field.name}`;
        if (holders.length === 0) {
          const schema = this.schemaOf(field.declarations?.[0]);
          gaps.push({
            kind: "request-field",
            subject: `request field \`${path}\``,
            property: field.name,
            ...(schema === undefined ? {} : { schema }),
          });
          continue;
        }
        for (const holder of holders) {
          this.compareRequest(
            this.typeOf(field),
            this.typeOf(holder.getProperty(field.name)),
            path,
            gaps,
            seen,
          );
        }
      }
    }
  }

  /** The object and array members of a type (its union's, without null and undefined). */
  members(type) {
    const plain = this.checker.getNonNullableType(type);
    const parts = plain.isUnion() ? plain.types : [plain];
    return parts.filter((part) => part.flags & ts.TypeFlags.Object);
  }

  /** Records the union variants of a response that are component schemas the SDK does not export. */
  variantGaps(type, sdkExports, gaps, seen) {
    const plain = this.checker.getNonNullableType(type);
    if (seen.has(plain) || seen.size > 50) return;
    seen.add(plain);
    if (plain.isUnion()) {
      const exported = new Set(
        [...sdkExports.values()]
          .filter((symbol) => symbol.flags & ts.SymbolFlags.TypeAlias)
          .map((symbol) => this.checker.getDeclaredTypeOfSymbol(symbol)),
      );
      for (const variant of plain.types) {
        const schema = this.schemaOf(variant.getSymbol()?.declarations?.[0]);
        if (schema === undefined) continue;
        if (!exported.has(variant) && !sdkExports.has(schema)) {
          if (!gaps.some((gap) => gap.kind === "response-variant" && gap.schema === schema)) {
            gaps.push({
              kind: "response-variant",
              schema,
              subject: `response type \`${schema}\` (not re-exported)`,
            });
          }
        }
      }
    }
    for (const part of this.members(plain)) {
      if (this.checker.isArrayType(part)) {
        const element = this.checker.getIndexTypeOfType(part, ts.IndexKind.Number);
        if (element) this.variantGaps(element, sdkExports, gaps, seen);
        continue;
      }
      for (const field of part.getProperties()) {
        this.variantGaps(this.typeOf(field), sdkExports, gaps, seen);
      }
    }
  }

  /** The generated enum value lists (`policyEnforcementResultActionValues`...), by schema. */
  enums() {
    const found = [];
    for (const [name, symbol] of this.generated) {
      const match = /^(\w)(\w*)Values$/.exec(name);
      if (!match) continue;
      const type = this.typeOf(symbol);
      const values = (this.checker.isTupleType(type) ? this.checker.getTypeArguments(type) : [])
        .filter((part) => part.isStringLiteral())
        .map((part) => part.value);
      found.push({ schema: `${match[1].toUpperCase()}${match[2]}`, list: name, values });
    }
    return found;
  }

  /** Whether some property of a result type accepts the enum's values and any other string. */
  leavesOpen(result, values) {
    if (values.length === 0) return false;
    const literals = (type) => (type.isUnion() ? type.types : [type]);
    for (const field of this.checker.getApparentType(result).getProperties()) {
      const parts = literals(this.checker.getNonNullableType(this.typeOf(field)));
      const named = new Set(parts.filter((part) => part.isStringLiteral()).map((p) => p.value));
      const open = parts.some(
        (part) => part.flags & ts.TypeFlags.String || this.isOpenString(part),
      );
      if (open && values.every((value) => named.has(value))) return true;
    }
    return false;
  }

  /** `string & {}`: any string, kept apart from the literals it is listed with. */
  isOpenString(type) {
    return type.isIntersection() && type.types.some((part) => part.flags & ts.TypeFlags.String);
  }

  /**
   * Values of enums the SDK does not take from the generated lists, and whose values its code
   * names (some of them, as values of the enum's type) but not all.
   */
  enumGaps(enums, openEnums, sourceFolder) {
    const files = this.program
      .getSourceFiles()
      .filter(
        (file) => file.fileName.startsWith(sourceFolder) && !/\.test\.ts$/.test(file.fileName),
      );
    const importedLists = new Set();
    const named = new Map(enums.map((entry) => [entry.schema, new Set()]));
    const visit = (node) => {
      if (ts.isImportSpecifier(node)) importedLists.add((node.propertyName ?? node.name).text);
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        const about = this.literalType(node);
        if (about !== undefined) {
          const members = new Set(
            (about.isUnion() ? about.types : [about])
              .filter((part) => part.isStringLiteral())
              .map((part) => part.value),
          );
          for (const entry of enums) {
            if (entry.values.length > 0 && entry.values.every((value) => members.has(value))) {
              named.get(entry.schema).add(node.text);
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    for (const file of files) visit(file);
    const gaps = [];
    for (const entry of enums) {
      if (importedLists.has(entry.list)) continue;
      const known = named.get(entry.schema);
      if (known.size === 0) continue;
      for (const value of entry.values.filter((candidate) => !known.has(candidate))) {
        const until = openEnums.includes(entry.schema)
          ? "`enforce` returns it as it is; PolicyEnforcer and the integrations treat it as an action they do not know and block"
          : "the SDK's code does not name it";
        gaps.push({
          kind: "enum-value",
          schema: entry.schema,
          value,
          subject: `enum value "${value}" of \`${entry.schema}\``,
          until,
        });
      }
    }
    return gaps;
  }

  /** The type a string literal is compared with or checked against, if any. */
  literalType(node) {
    const parent = node.parent;
    if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return undefined;
    if (ts.isBinaryExpression(parent)) {
      const equality = [
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ts.SyntaxKind.EqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsToken,
      ];
      if (equality.includes(parent.operatorToken.kind)) {
        const other = parent.left === node ? parent.right : parent.left;
        return this.checker.getTypeAtLocation(other);
      }
    }
    if (ts.isCaseClause(parent) && ts.isCaseBlock(parent.parent)) {
      return this.checker.getTypeAtLocation(parent.parent.parent.expression);
    }
    if (ts.isExpression(node)) return this.checker.getContextualType(node);
    return undefined;
  }
}
