// The shared conformance suite, run by the LangChain agent middleware integration.
import { langchainAgentMiddlewareDriver } from "./drivers/langchain-agent-middleware.js";
import { runConformance } from "./suite.js";

runConformance(langchainAgentMiddlewareDriver());
