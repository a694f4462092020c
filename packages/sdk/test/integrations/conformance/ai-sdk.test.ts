// The shared conformance suite, run by the AI SDK integration.
import { aiSdkDriver } from "./drivers/ai-sdk.js";
import { runConformance } from "./suite.js";

runConformance(aiSdkDriver());
