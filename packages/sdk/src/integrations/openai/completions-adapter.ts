// How the legacy OpenAI `completions.create` maps to Anthale messages: the prompt and suffix,
// the answer's choices, and the chunks of a stream.
import { AnthaleValidationError } from "../../base/errors.js";
import {
  type Adapter,
  arrayOf,
  type Json,
  PayloadMapping,
  type PieceSource,
  piecesAt,
  recordOf,
  statelessChunks,
} from "../shared/index.js";

/**
 * The pieces of a legacy completion's `prompt` (a string or a list of strings). A prompt given as
 * token ids cannot be checked, so it is refused before anything is sent.
 */
function promptPieces(prompt: unknown): PieceSource[] {
  if (typeof prompt === "string") return [{ path: ["prompt"] }];
  if (prompt === undefined || prompt === null) return [];
  const list = arrayOf(prompt);
  if (!Array.isArray(prompt) || list.some((item) => typeof item !== "string")) {
    throw new AnthaleValidationError("prompt", "only text prompts can be checked, not token ids");
  }
  return list.map((_, index) => ({ path: ["prompt", index] }));
}

/** Maps legacy `completions.create` requests, answers and chunks. */
export const completionsAdapter: Adapter<Json, Json, Json> = {
  request(body) {
    return new PayloadMapping(body)
      .add("user", promptPieces(body.prompt))
      .add("user", [{ path: ["suffix"] }]);
  },
  answer(response, context) {
    const mapping = new PayloadMapping(response).context(context);
    arrayOf(response.choices).forEach((_, index) => {
      mapping.add("assistant", [{ path: ["choices", index, "text"] }]);
    });
    return mapping;
  },
  chunks: statelessChunks((chunk) =>
    arrayOf(chunk.choices).flatMap((choice, index) =>
      piecesAt(chunk, [
        { channel: String(recordOf(choice).index), path: ["choices", index, "text"] },
      ]),
    ),
  ),
};
