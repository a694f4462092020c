// This file is generated from openapi/anthale.yaml by `pnpm generate`.
// Do not edit it by hand: change the contract and regenerate.

export interface paths {
    "/organizations/policies/{policy_identifier}/enforce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enforce a policy
         * @description Runs every guardrail of the policy over the given conversation and returns the resulting action, with per-guardrail evaluations when `includeEvaluations` is true.
         */
        post: operations["organizations.policies.enforce"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Which side of the model the messages are on.
         * @enum {string}
         */
        PolicyGuardrailDirection: "input" | "output";
        /**
         * @description Role of a message in the conversation.
         * @enum {string}
         */
        PolicyEnforcementMessageRole: "system" | "user" | "assistant" | "tool";
        /**
         * @description Kind of a content block.
         * @enum {string}
         */
        PolicyEnforcementMessageType: "text" | "document" | "image" | "audio" | "video";
        /**
         * @description Action decided by a policy or suggested by one guardrail.
         * @enum {string}
         */
        PolicyEnforcementResultAction: "block" | "redact" | "detect" | "allow";
        /** @description One typed block of a message's content. */
        PolicyEnforceTextMessage: {
            /**
             * @description Kind of the block.
             * @example text
             */
            type: components["schemas"]["PolicyEnforcementMessageType"];
            /**
             * @description Text of the block.
             * @example What is the best season to visit Lisbon?
             */
            text: string;
        };
        /** @description One message of the conversation to evaluate. */
        PolicyEnforceMessage: {
            /**
             * @description Who wrote the message.
             * @example user
             */
            role: components["schemas"]["PolicyEnforcementMessageRole"];
            /** @description The message's text, either as one string or as ordered typed blocks. */
            content: string | components["schemas"]["PolicyEnforceTextMessage"][];
        };
        /** @description A conversation to evaluate against a policy. */
        PolicyEnforceRequest: {
            /**
             * @description `input` for messages on their way to the model, `output` for its answer.
             * @example input
             */
            direction: components["schemas"]["PolicyGuardrailDirection"];
            /**
             * @description When true, the result lists the evaluation of every guardrail.
             * @default false
             * @example false
             */
            includeEvaluations?: boolean;
            /** @description The conversation, in order. */
            messages: components["schemas"]["PolicyEnforceMessage"][];
            /** @description Free-form context (tenant, user, conversation...) passed on to the guardrails. */
            metadata?: {
                [key: string]: unknown;
            };
        };
        /** @description The decision of a policy over a conversation. */
        PolicyEnforcementResult: {
            /**
             * Format: uuid
             * @description Identifier of the policy enforcer that handled the request.
             * @example 0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f
             */
            enforcerIdentifier: string;
            /**
             * @description The action the policy decided (allow, detect, redact, block).
             * @example allow
             */
            action: components["schemas"]["PolicyEnforcementResultAction"];
            /** @description One evaluation per guardrail of the policy. */
            evaluations?: (components["schemas"]["PromptInjectionEvaluation"] | components["schemas"]["ContentSafetyEvaluation"] | components["schemas"]["DataLeakageEvaluation"] | components["schemas"]["ContextSafetyEvaluation"])[];
        };
        /** @description What the prompt injection guardrail found. */
        PromptInjectionEvaluation: {
            /**
             * @description Key of the guardrail behind this evaluation. (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            guardrailKey: "prompt-injection-protection";
            /**
             * @description Action this guardrail suggests.
             * @example block
             */
            action: components["schemas"]["PolicyEnforcementResultAction"];
            /**
             * @description Confidence of the guardrail overall.
             * @example 0.93
             */
            score: number;
            /** @description The places in the conversation that the guardrail flagged. */
            threads?: components["schemas"]["PromptInjectionThread"][];
            /** @description Extra data specific to this guardrail. */
            metadata?: {
                [key: string]: unknown;
            };
        };
        /** @description One place flagged by the prompt injection guardrail. */
        PromptInjectionThread: {
            /**
             * @description Confidence for this place.
             * @example 0.93
             */
            score: number;
            /**
             * @description Index of the flagged message.
             * @example 1
             */
            messageIdentifier: number;
            /**
             * @description Index of the flagged content block within that message.
             * @example 0
             */
            contentIdentifier: number;
        };
        /**
         * @description Categories of unsafe content.
         * @enum {string}
         */
        ContentSafetyGuardrailCategory: "hate" | "crime" | "sexual" | "violence";
        /** @description What the content safety guardrail found. */
        ContentSafetyEvaluation: {
            /**
             * @description Key of the guardrail behind this evaluation. (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            guardrailKey: "content-moderation";
            /**
             * @description Action this guardrail suggests.
             * @example allow
             */
            action: components["schemas"]["PolicyEnforcementResultAction"];
            /**
             * @description Confidence of the guardrail overall.
             * @example 0.12
             */
            score: number;
            /** @description The places in the conversation that the guardrail flagged. */
            threads?: components["schemas"]["ContentSafetyThread"][];
            /** @description Extra data specific to this guardrail. */
            metadata?: {
                [key: string]: unknown;
            };
        };
        /** @description One place flagged by the content safety guardrail. */
        ContentSafetyThread: {
            /**
             * @description Category of unsafe content found.
             * @example violence
             */
            category: components["schemas"]["ContentSafetyGuardrailCategory"];
            /**
             * @description Confidence for this category.
             * @example 0.81
             */
            score: number;
            /**
             * @description Index of the flagged message.
             * @example 1
             */
            messageIdentifier: number;
            /**
             * @description Index of the flagged content block within that message.
             * @example 0
             */
            contentIdentifier: number;
        };
        /**
         * @description Categories of personal data and secrets.
         * @enum {string}
         */
        DataLeakageGuardrailCategory: "name" | "email" | "phone" | "address" | "location" | "date" | "ssn" | "credit_card" | "bank_account" | "id_number" | "ip_address" | "url" | "username" | "password" | "api_key" | "organization" | "other";
        /** @description What the data leakage guardrail found. */
        DataLeakageEvaluation: {
            /**
             * @description Key of the guardrail behind this evaluation. (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            guardrailKey: "data-leakage-prevention";
            /**
             * @description Action this guardrail suggests.
             * @example redact
             */
            action: components["schemas"]["PolicyEnforcementResultAction"];
            /**
             * @description Confidence of the guardrail overall.
             * @example 0.97
             */
            score: number;
            /** @description The leaked spans the guardrail found. */
            threads?: components["schemas"]["DataLeakageThread"][];
            /** @description Extra data specific to this guardrail. */
            metadata?: {
                [key: string]: unknown;
            };
        };
        /** @description One leaked span found by the data leakage guardrail. */
        DataLeakageThread: {
            /**
             * @description Kind of data or secret found.
             * @example email
             */
            category: components["schemas"]["DataLeakageGuardrailCategory"];
            /**
             * @description Confidence for this span.
             * @example 0.97
             */
            score: number;
            /**
             * @description The exact text that leaked.
             * @example jane.doe@example.com
             */
            span: string;
            /**
             * @description Index of the message holding the span.
             * @example 1
             */
            messageIdentifier: number;
            /**
             * @description Index of the content block holding the span within that message.
             * @example 1
             */
            contentIdentifier: number;
        };
        /** @description What the topic control guardrail found. */
        ContextSafetyEvaluation: {
            /**
             * @description Key of the guardrail behind this evaluation. (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            guardrailKey: "topic-control";
            /**
             * @description Action this guardrail suggests.
             * @example detect
             */
            action: components["schemas"]["PolicyEnforcementResultAction"];
            /**
             * @description Confidence of the guardrail overall.
             * @example 0.87
             */
            score: number;
            /** @description The places in the conversation that went off topic. */
            threads?: components["schemas"]["ContextSafetyThread"][];
            /** @description Extra data specific to this guardrail. */
            metadata?: {
                [key: string]: unknown;
            };
        };
        /** @description One off-topic place found by the topic control guardrail. */
        ContextSafetyThread: {
            /**
             * @description The topic that was flagged.
             * @example Politics
             */
            topic: string;
            /**
             * @description Confidence for this topic.
             * @example 0.87
             */
            score: number;
            /**
             * @description Index of the flagged message.
             * @example 0
             */
            messageIdentifier: number;
            /**
             * @description Index of the flagged content block within that message.
             * @example 0
             */
            contentIdentifier: number;
        };
        /** @description The envelope of every error answer. */
        AnthaleErrorResponse: {
            /** @description What went wrong. */
            error: {
                /** @description Short human-readable title of the error. */
                title: string;
                /** @description Stable code for programs to match on. */
                machineCode: string;
                /** @description Longer human-readable explanation. */
                message: string;
                /** @description Structured details, when there are any. */
                details?: {
                    [key: string]: unknown;
                } | null;
            };
        };
    };
    responses: {
        /** @description The rate limit was exceeded. */
        TooManyRequests: {
            headers: {
                "Request-Id": components["headers"]["Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "title": "TooManyRequests",
                 *         "machineCode": "TooManyRequestsError",
                 *         "message": "Rate limit exceeded. Please try again later."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AnthaleErrorResponse"];
            };
        };
        /** @description Something went wrong on Anthale's side. */
        InternalServerError: {
            headers: {
                "Request-Id": components["headers"]["Request-Id"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "title": "Internal Server Error",
                 *         "machineCode": "InternalServerError",
                 *         "message": "An unexpected error occurred."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AnthaleErrorResponse"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /**
         * @description Correlation identifier (UUID v4) issued for every request.
         * @example 3f6c2a1e-8b4d-4f7a-9c2e-5d1b7a0e4c38
         */
        "Request-Id": string;
        /**
         * @description Number of requests allowed in the current rate-limit window.
         * @example 1000
         */
        "RateLimit-Limit": number;
        /**
         * @description Number of requests left in the current rate-limit window.
         * @example 998
         */
        "RateLimit-Remaining": number;
        /**
         * @description Seconds until the current rate-limit window starts over.
         * @example 30
         */
        "RateLimit-Reset": number;
        /**
         * @description Seconds to wait before sending another request after a 429.
         * @example 2
         */
        "Retry-After": number;
    };
    pathItems: never;
}
export type PolicyGuardrailDirection = components['schemas']['PolicyGuardrailDirection'];
export type PolicyEnforcementMessageRole = components['schemas']['PolicyEnforcementMessageRole'];
export type PolicyEnforcementMessageType = components['schemas']['PolicyEnforcementMessageType'];
export type PolicyEnforcementResultAction = components['schemas']['PolicyEnforcementResultAction'];
export type PolicyEnforceTextMessage = components['schemas']['PolicyEnforceTextMessage'];
export type PolicyEnforceMessage = components['schemas']['PolicyEnforceMessage'];
export type PolicyEnforceRequest = components['schemas']['PolicyEnforceRequest'];
export type PolicyEnforcementResult = components['schemas']['PolicyEnforcementResult'];
export type PromptInjectionEvaluation = components['schemas']['PromptInjectionEvaluation'];
export type PromptInjectionThread = components['schemas']['PromptInjectionThread'];
export type ContentSafetyGuardrailCategory = components['schemas']['ContentSafetyGuardrailCategory'];
export type ContentSafetyEvaluation = components['schemas']['ContentSafetyEvaluation'];
export type ContentSafetyThread = components['schemas']['ContentSafetyThread'];
export type DataLeakageGuardrailCategory = components['schemas']['DataLeakageGuardrailCategory'];
export type DataLeakageEvaluation = components['schemas']['DataLeakageEvaluation'];
export type DataLeakageThread = components['schemas']['DataLeakageThread'];
export type ContextSafetyEvaluation = components['schemas']['ContextSafetyEvaluation'];
export type ContextSafetyThread = components['schemas']['ContextSafetyThread'];
export type AnthaleErrorResponse = components['schemas']['AnthaleErrorResponse'];
export type ResponseTooManyRequests = components['responses']['TooManyRequests'];
export type ResponseInternalServerError = components['responses']['InternalServerError'];
export type HeaderRequestId = components['headers']['Request-Id'];
export type HeaderRateLimitLimit = components['headers']['RateLimit-Limit'];
export type HeaderRateLimitRemaining = components['headers']['RateLimit-Remaining'];
export type HeaderRateLimitReset = components['headers']['RateLimit-Reset'];
export type HeaderRetryAfter = components['headers']['Retry-After'];
export type $defs = Record<string, never>;
export interface operations {
    "organizations.policies.enforce": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Identifier (UUID) of the policy to enforce. */
                policy_identifier: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyEnforceRequest"];
            };
        };
        responses: {
            /** @description The policy was enforced; the body holds the decision. */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyEnforcementResult"];
                };
            };
            /** @description The API key is missing, invalid or disabled. */
            401: {
                headers: {
                    /**
                     * @description Authentication challenge for the API key.
                     * @example Bearer <api-key>
                     */
                    "WWW-Authenticate"?: string;
                    "Request-Id": components["headers"]["Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": {
                     *         "title": "Unauthorized",
                     *         "machineCode": "Unauthorized",
                     *         "message": "Authentication is required to access this resource."
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AnthaleErrorResponse"];
                };
            };
            /** @description The request body or parameters failed validation. */
            422: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": {
                     *         "title": "Unprocessable Entity",
                     *         "machineCode": "ValidationError",
                     *         "message": "The request body is not valid.",
                     *         "details": {
                     *           "field": "messages",
                     *           "reason": "at least one message is required"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AnthaleErrorResponse"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
}
/** Every value the contract allows for `PolicyGuardrailDirection`, in the contract's order. */
export const policyGuardrailDirectionValues = ["input", "output"] as const;
/** Every value the contract allows for `PolicyEnforcementMessageRole`, in the contract's order. */
export const policyEnforcementMessageRoleValues = ["system", "user", "assistant", "tool"] as const;
/** Every value the contract allows for `PolicyEnforcementMessageType`, in the contract's order. */
export const policyEnforcementMessageTypeValues = ["text", "document", "image", "audio", "video"] as const;
/** Every value the contract allows for `PolicyEnforcementResultAction`, in the contract's order. */
export const policyEnforcementResultActionValues = ["block", "redact", "detect", "allow"] as const;
/** Every value the contract allows for `PromptInjectionEvaluation.guardrailKey`, in the contract's order. */
export const promptInjectionEvaluationGuardrailKeyValues = ["prompt-injection-protection"] as const;
/** Every value the contract allows for `ContentSafetyGuardrailCategory`, in the contract's order. */
export const contentSafetyGuardrailCategoryValues = ["hate", "crime", "sexual", "violence"] as const;
/** Every value the contract allows for `ContentSafetyEvaluation.guardrailKey`, in the contract's order. */
export const contentSafetyEvaluationGuardrailKeyValues = ["content-moderation"] as const;
/** Every value the contract allows for `DataLeakageGuardrailCategory`, in the contract's order. */
export const dataLeakageGuardrailCategoryValues = ["name", "email", "phone", "address", "location", "date", "ssn", "credit_card", "bank_account", "id_number", "ip_address", "url", "username", "password", "api_key", "organization", "other"] as const;
/** Every value the contract allows for `DataLeakageEvaluation.guardrailKey`, in the contract's order. */
export const dataLeakageEvaluationGuardrailKeyValues = ["data-leakage-prevention"] as const;
/** Every value the contract allows for `ContextSafetyEvaluation.guardrailKey`, in the contract's order. */
export const contextSafetyEvaluationGuardrailKeyValues = ["topic-control"] as const;
