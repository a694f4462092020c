import type { PolicyEnforceMessage, PolicyEnforceRequest } from "@anthale/client";
import { AnthaleValidationError } from "../core/errors.js";
import type { ContentBlock, EnforceParams } from "../core/types.js";

const directions = ["input", "output"] as const;
const roles = ["system", "user", "assistant", "tool"] as const;
const blockTypes = ["text", "document", "image", "audio", "video"] as const;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** The error for a value at `path` that is not what it must be. */
export function invalid(path: string, expected: string, value: unknown): AnthaleValidationError {
  return new AnthaleValidationError(path, `must be ${expected}, got ${describe(value)}`);
}

/** Throws unless `value` is one of `allowed`; returns it, typed. */
export function oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw invalid(path, `one of ${allowed.map((entry) => `"${entry}"`).join(", ")}`, value);
  }
  return value as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Throws unless `value` is a policy identifier (a UUID). */
export function validatePolicyIdentifier(value: unknown, path = "policyIdentifier"): string {
  if (typeof value !== "string" || !uuidPattern.test(value)) {
    // A string is not quoted back: a secret pasted in the wrong place must not reach a log.
    const got = typeof value === "string" ? `a ${value.length}-character string` : describe(value);
    throw new AnthaleValidationError(path, `must be a policy identifier (a UUID), got ${got}`);
  }
  return value;
}

function validateBlock(block: unknown, path: string): ContentBlock {
  if (!isPlainObject(block)) throw invalid(path, "a { type, text } block", block);
  const type = oneOf(`${path}.type`, block.type, blockTypes);
  if (typeof block.text !== "string") throw invalid(`${path}.text`, "a string", block.text);
  return { type, text: block.text };
}

function validateMessage(message: unknown, index: number): PolicyEnforceMessage {
  // The common case, a valid message with string content, builds no path string.
  if (
    isPlainObject(message) &&
    typeof message.content === "string" &&
    roles.includes(message.role as never)
  ) {
    return { role: message.role as PolicyEnforceMessage["role"], content: message.content };
  }
  const path = `messages[${index}]`;
  if (!isPlainObject(message)) throw invalid(path, "an object with role and content", message);
  const role = oneOf(`${path}.role`, message.role, roles);
  const { content } = message;
  if (typeof content === "string") return { role, content };
  if (!Array.isArray(content) || content.length === 0) {
    throw invalid(`${path}.content`, "a string or an array of at least one block", content);
  }
  return {
    role,
    content: content.map((block, index) => validateBlock(block, `${path}.content[${index}]`)),
  };
}

/**
 * Throws unless `value` can be sent as JSON without losing or breaking anything: no cycles,
 * BigInts, functions or symbols. The error names the offending key.
 */
export function validateMetadata(value: unknown, path = "metadata"): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalid(path, "a plain object", value);
  const ancestors: unknown[] = [];
  const visit = (node: unknown, at: string): void => {
    const kind = typeof node;
    const problem =
      kind === "bigint"
        ? "a BigInt (convert it to a string or number)"
        : kind === "function" || kind === "symbol"
          ? `a ${kind}`
          : ancestors.includes(node)
            ? "a cycle (it refers back to an enclosing object)"
            : undefined;
    if (problem) {
      throw new AnthaleValidationError(at, `is ${problem}, which JSON cannot represent`);
    }
    if (
      kind !== "object" ||
      node === null ||
      typeof (node as { toJSON?: unknown }).toJSON === "function"
    )
      return;
    ancestors.push(node);
    for (const [key, item] of Object.entries(node as object)) {
      visit(item, Array.isArray(node) ? `${at}[${key}]` : `${at}.${key}`);
    }
    ancestors.pop();
  };
  visit(value, path);
  return value;
}

/**
 * Checks a policy identifier and enforce parameters before anything is sent, and builds the
 * request body holding only what the contract accepts.
 */
export function buildEnforceRequest(
  policyIdentifier: unknown,
  params: EnforceParams,
): PolicyEnforceRequest {
  validatePolicyIdentifier(policyIdentifier);
  if (!isPlainObject(params)) {
    throw invalid("params", "an object with direction and messages", params);
  }
  const { messages, metadata } = params;
  const includeEvaluations = params.includeEvaluations ?? true;
  const direction = oneOf("direction", params.direction, directions);
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid("messages", "an array of at least one message", messages);
  }
  if (typeof includeEvaluations !== "boolean") {
    throw invalid("includeEvaluations", "true or false", includeEvaluations);
  }
  const body: PolicyEnforceRequest = {
    direction,
    messages: messages.map(validateMessage),
    includeEvaluations,
  };
  if (metadata !== undefined) body.metadata = validateMetadata(metadata);
  return body;
}

/** Throws unless `value` is a positive number of milliseconds. */
export function checkTimeout(value: unknown, path: string): number {
  if (!(typeof value === "number" && value > 0 && value < Number.POSITIVE_INFINITY)) {
    throw invalid(path, "a positive number of milliseconds", value);
  }
  return value;
}

/** Throws unless `value` is a whole number of retries, 0 or more. */
export function checkMaxRetries(value: unknown, path: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw invalid(path, "a whole number, 0 or more", value);
  }
  return value as number;
}
