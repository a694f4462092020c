// The shared conformance suite, run by the LangChain guarded chat model integration.
import { langchainChatModelDriver } from "./drivers/langchain-chat-model.js";
import { runConformance } from "./suite.js";

runConformance(langchainChatModelDriver());
