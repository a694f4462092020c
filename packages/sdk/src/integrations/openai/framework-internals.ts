// The members of the OpenAI client the guard relies on that are not its public API, named in one
// place; `framework-internals.test.ts` fails when the client changes any of them.
import { Stream } from "openai/streaming";
import type { StainlessFramework } from "../shared/stainless.js";

/** The OpenAI client as the guard of its `create` methods uses it. */
export const openaiFramework: StainlessFramework = {
  name: "OpenAI",
  // Public: `openai/streaming` exports the class with this constructor.
  Stream,
  // Not public: `APIPromise._thenUnwrap(transform)`, which `chat.completions.parse` and
  // `responses.parse` call on what `create` returns.
  thenUnwrap: "_thenUnwrap",
  // Documented but set by the client: the non-enumerable request id of every answer.
  requestId: "_request_id",
};
