// The demo's entry point: against the real Anthale API when ANTHALE_API_KEY and ANTHALE_POLICY_ID
// are set, otherwise against a Prism mock of openapi/anthale.yaml started on a free local port.
import { startMockServer } from "@anthale/mock-server";
import { Anthale } from "@anthale/sdk";
import { runDemo } from "./demo.js";

const apiKey = process.env.ANTHALE_API_KEY;
const policyId = process.env.ANTHALE_POLICY_ID;

if (apiKey && policyId) {
  console.log("Anthale direct SDK demo, against the Anthale API");
  await runDemo({ client: new Anthale({ apiKey }), policyId, onMock: false });
} else {
  const mock = await startMockServer();
  try {
    console.log(`Anthale direct SDK demo, against the mock of openapi/anthale.yaml at ${mock.url}`);
    console.log("(set ANTHALE_API_KEY and ANTHALE_POLICY_ID to run it against the Anthale API)");
    const client = new Anthale({ apiKey: "demo-key", baseURL: mock.url });
    await runDemo({ client, policyId: "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44", onMock: true });
  } finally {
    await mock.stop();
  }
}
