// The shared conformance suite, run by the OpenAI responses integration.
import { openaiResponsesDriver } from "./drivers/openai-responses.js";
import { runConformance } from "./suite.js";

runConformance(openaiResponsesDriver());
