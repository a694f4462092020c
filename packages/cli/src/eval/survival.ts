// Decides which of a case's must-not-survive strings reach what the application would forward:
// the messages it would pass on after the policy's decision, searched in a normalized form so a
// string cannot hide behind a different Unicode spelling, invisible characters or a block boundary.
import type { EnforceResult, Message } from "@anthale/sdk";

/**
 * What the application would forward after the policy's decision, as the SDK's README tells it
 * to act: the messages as sent on `allow` and `detect`, `redactedMessages` on a `redact` whose
 * redaction is complete, and nothing on `block`, on an incomplete `redact` (the application must
 * stop) or on an action this CLI does not know (the SDK treats it as `block`). `null` when
 * nothing is forwarded.
 */
export function forwardedMessages(
  sent: readonly Message[],
  result: EnforceResult,
): Message[] | null {
  switch (result.action) {
    case "allow":
    case "detect":
      return [...sent];
    case "redact":
      return result.redaction?.complete === true && Array.isArray(result.redactedMessages)
        ? result.redactedMessages
        : null;
    default:
      return null;
  }
}

/**
 * The form text is compared in: NFKC (so composed and decomposed accents, full-width letters and
 * other compatibility spellings read the same), without default-ignorable characters (zero-width
 * spaces and joiners, soft hyphens, variation selectors), every run of white space as one space,
 * and lower case (final sigma as sigma, so the result does not depend on what is around it). Each
 * is a way a string can reach a model intact while differing by the code
 * points.
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\p{Default_Ignorable_Code_Point}/gu, "")
    .replace(/\s+/gu, " ")
    .toLowerCase()
    .replace(/ς/gu, "σ")
    .normalize("NFKC");
}

/**
 * The text of one message as the model reads it: its blocks joined with nothing between them,
 * so a string cut across two blocks of a message is found whole. Messages are searched one by
 * one, not joined: a string is not counted as surviving because it straddles two turns.
 */
function messageText(message: Message): string {
  const { content } = message;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((block) => (typeof block?.text === "string" ? block.text : "")).join("");
}

/**
 * The strings of `mustHide` that survive in `forwarded`, in the order given (a string listed
 * twice is reported twice). A string survives when its normalized form (see
 * {@link normalizeForSearch}) occurs in the normalized text of any forwarded message; any
 * occurrence counts, so a string hidden once but repeated elsewhere survives.
 */
export function survivingStrings(
  mustHide: readonly string[],
  forwarded: readonly Message[] | null,
): string[] {
  if (mustHide.length === 0 || forwarded === null) return [];
  const texts = forwarded.map((message) => normalizeForSearch(messageText(message)));
  return mustHide.filter((text) => {
    const needle = normalizeForSearch(text);
    return texts.some((haystack) => haystack.includes(needle));
  });
}
