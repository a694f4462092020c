// The shared conformance suite, run by the OpenAI chat completions integration.
import { openaiChatCompletionsDriver } from "./drivers/openai-chat-completions.js";
import { runConformance } from "./suite.js";

runConformance(openaiChatCompletionsDriver());
