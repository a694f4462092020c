// The example's entry point: starts a local stand-in for the model and, unless ANTHALE_API_KEY
// and ANTHALE_POLICY_ID are set, a Prism mock of openapi/anthale.yaml; streams a guarded answer to
// standard output; then stops both servers.
import { type MockServer, startMockServer } from "@anthale/mock-server";
import { Anthale } from "@anthale/sdk";
import { streamGuardedAnswer, tryBlockedPrompt } from "./guarded-stream.js";
import { startModelStandIn } from "./model-stand-in.js";

const apiKey = process.env.ANTHALE_API_KEY;
const envPolicyId = process.env.ANTHALE_POLICY_ID;
const onApi = Boolean(apiKey && envPolicyId);
// The contract's example policy identifier, which the mock accepts.
const policyId = onApi ? (envPolicyId as string) : "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";

const model = await startModelStandIn();
let mock: MockServer | undefined;
try {
  mock = onApi ? undefined : await startMockServer();
  const anthale = mock
    ? new Anthale({ apiKey: "demo-key", baseURL: mock.url })
    : new Anthale({ apiKey });
  console.log(`Guarded OpenAI stream: model stand-in at ${model.baseURL}`);
  console.log(
    mock
      ? `Anthale: the mock of openapi/anthale.yaml at ${mock.url} (set ANTHALE_API_KEY and ANTHALE_POLICY_ID to use the Anthale API)\n`
      : "Anthale: the Anthale API\n",
  );
  await streamGuardedAnswer({ anthale, policyId, modelBaseURL: model.baseURL });
  if (mock) {
    // The mock answers with the contract's examples; this client asks it for the "block" one.
    const blocking = new Anthale({
      apiKey: "demo-key",
      baseURL: mock.url,
      defaultHeaders: { Prefer: "example=block" },
    });
    await tryBlockedPrompt({ anthale: blocking, policyId, modelBaseURL: model.baseURL });
  }
  console.log(`\nThe model was called ${model.requests} time(s).`);
} finally {
  await model.stop();
  await mock?.stop();
}
