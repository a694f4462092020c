// The shared conformance suite, run by the Anthropic messages integration.
import { anthropicMessagesDriver } from "./drivers/anthropic-messages.js";
import { runConformance } from "./suite.js";

runConformance(anthropicMessagesDriver());
