// The shared conformance suite, run by the Google generateContent integration.
import { googleGenerateContentDriver } from "./drivers/google-generate-content.js";
import { runConformance } from "./suite.js";

runConformance(googleGenerateContentDriver());
