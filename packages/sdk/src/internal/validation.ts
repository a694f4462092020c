import type { PolicyEnforceMessage, PolicyEnforceRequest } from "@anthale/client";
import { AnthaleValidationError } from "../core/errors.js";
import type { EnforceParams } from "../core/types.js";

const directions = ["input", "output"] as const;
const roles = ["system", "user", "assistant", "tool"] as const;
const blockTypes = ["text", "document", "image", "audio", "video"] as const;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

function oneOf(path: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw new AnthaleValidationError(
      path,
      `must be one of ${allowed.map((entry) => `"${entry}"`).join(", ")}, got ${describe(value)}`,
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
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

function validateMessage(message: unknown, path: string): PolicyEnforceMessage {
  if (!isPlainObject(message)) {
    throw new AnthaleValidationError(
      path,
      `must be an object with role and content, got ${describe(message)}`,
    );
  }
  oneOf(`${path}.role`, message.role, roles);
  const role = message.role as PolicyEnforceMessage["role"];
  const content = message.content;
  if (typeof content === "string") return { role, content };
  if (!Array.isArray(content)) {
    throw new AnthaleValidationError(
      `${path}.content`,
      `must be a string or an array of { type, text } blocks, got ${describe(content)}`,
    );
  }
  if (content.length === 0) {
    throw new AnthaleValidationError(`${path}.content`, "must hold at least one block");
  }
  return {
    role,
    content: content.map((block, index) => {
      const blockPath = `${path}.content[${index}]`;
      if (!isPlainObject(block)) {
        throw new AnthaleValidationError(
          blockPath,
          `must be a { type, text } block, got ${describe(block)}`,
        );
      }
      oneOf(`${blockPath}.type`, block.type, blockTypes);
      if (typeof block.text !== "string") {
        throw new AnthaleValidationError(
          `${blockPath}.text`,
          `must be a string, got ${describe(block.text)}`,
        );
      }
      return { type: block.type as (typeof blockTypes)[number], text: block.text };
    }),
  };
}

/**
 * Throws unless `value` can be sent as JSON without losing or breaking anything: no cycles,
 * BigInts, functions or symbols. The error names the offending key.
 */
export function validateMetadata(value: unknown, path = "metadata"): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new AnthaleValidationError(path, `must be a plain object, got ${describe(value)}`);
  }
  const ancestors: object[] = [];
  const visit = (node: unknown, at: string): void => {
    switch (typeof node) {
      case "bigint":
        throw new AnthaleValidationError(
          at,
          "is a BigInt, which JSON cannot represent; convert it to a string or number",
        );
      case "function":
      case "symbol":
        throw new AnthaleValidationError(at, `is a ${typeof node}, which JSON cannot represent`);
      case "object": {
        if (node === null) return;
        if (ancestors.includes(node)) {
          throw new AnthaleValidationError(
            at,
            "refers back to an enclosing object (a cycle), which JSON cannot represent",
          );
        }
        if (typeof (node as { toJSON?: unknown }).toJSON === "function") return;
        ancestors.push(node);
        if (Array.isArray(node)) {
          for (const [index, item] of node.entries()) visit(item, `${at}[${index}]`);
        } else for (const [key, item] of Object.entries(node)) visit(item, `${at}.${key}`);
        ancestors.pop();
        return;
      }
      default:
        return;
    }
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
    throw new AnthaleValidationError(
      "params",
      `must be an object with direction and messages, got ${describe(params)}`,
    );
  }
  oneOf("direction", params.direction, directions);
  const { messages } = params;
  if (!Array.isArray(messages)) {
    throw new AnthaleValidationError(
      "messages",
      `must be an array of messages, got ${describe(messages)}`,
    );
  }
  if (messages.length === 0) {
    throw new AnthaleValidationError("messages", "must hold at least one message");
  }
  const body: PolicyEnforceRequest = {
    direction: params.direction,
    messages: messages.map((message, index) => validateMessage(message, `messages[${index}]`)),
    includeEvaluations: params.includeEvaluations ?? true,
  };
  if (typeof body.includeEvaluations !== "boolean") {
    throw new AnthaleValidationError(
      "includeEvaluations",
      `must be true or false, got ${describe(params.includeEvaluations)}`,
    );
  }
  if (params.metadata !== undefined) body.metadata = validateMetadata(params.metadata);
  return body;
}

/** Throws unless `value` is a positive number of milliseconds. */
export function checkTimeout(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new AnthaleValidationError(
      path,
      `must be a positive number of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is a whole number of retries, 0 or more. */
export function checkMaxRetries(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new AnthaleValidationError(
      path,
      `must be a whole number, 0 or more, got ${String(value)}`,
    );
  }
  return value;
}
