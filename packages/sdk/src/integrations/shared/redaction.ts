import type { EnforceResult } from "../../core/types.js";
import { leakedSpans, redactMessages } from "../../redaction/redact-messages.js";
import { redactText, type Span } from "../../redaction/redact-text.js";

export { redactMessages, redactText, type Span };

/** The leaked spans of a result (none when there is no result), as `redactText` takes them. */
export function spansOf(result: EnforceResult | undefined): Span[] {
  return leakedSpans(result?.evaluations);
}
