// The redaction engine as the integrations use it: the spans of a `redact` result, and matching them.
import type { EnforceResult } from "../../base/types.js";
import { leakedThreads, spansOf as threadSpans } from "../../redaction/redact-messages.js";
import {
  applyRedactions,
  type Redaction,
  type Span,
  SpanMatcher,
} from "../../redaction/redact-text.js";

export { applyRedactions, type Redaction, type Span, SpanMatcher };

/**
 * The spans a `redact` result flags (its data-leakage threads with a non-empty span); none for any
 * other action or no result, since only `redact` asks for text to be hidden.
 */
export function spansOf(result: EnforceResult | undefined): Span[] {
  return result?.action === "redact" ? threadSpans(leakedThreads(result.evaluations)) : [];
}
