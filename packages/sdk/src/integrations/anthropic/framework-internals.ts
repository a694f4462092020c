// The members of the Anthropic client the guard relies on that are not its public API, named in
// one place; `framework-internals.test.ts` fails when the client changes any of them.
import { Stream } from "@anthropic-ai/sdk/streaming";
import type { StainlessFramework } from "../shared/stainless.js";

/** The Anthropic client as the guard of its `create` methods uses it. */
export const anthropicFramework: StainlessFramework = {
  name: "Anthropic",
  // Public: `@anthropic-ai/sdk/streaming` exports the class with this constructor.
  Stream,
  // Not public: `APIPromise._thenUnwrap(transform)`, which the beta message stream helper calls
  // on what `create` returns, reading the request options from the response's props.
  thenUnwrap: "_thenUnwrap",
  // Documented but set by the client: the non-enumerable request id of every answer.
  requestId: "_request_id",
};
