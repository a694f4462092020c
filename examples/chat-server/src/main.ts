// Runs the guarded chat endpoint on PORT (default 3000): against the Anthale API when
// ANTHALE_API_KEY and ANTHALE_POLICY_ID are set, otherwise against a Prism mock of the contract.
import { startMockServer } from "@anthale/mock-server";
import { Anthale, type Message, PolicyEnforcer } from "@anthale/sdk";
import { createChatServer } from "./chat-server.js";

const echoModel = async (messages: Message[]) => {
  const last = messages.at(-1)?.content ?? "";
  return `You said: ${typeof last === "string" ? last : last.map((block) => block.text).join(" ")}`;
};

const port = Number(process.env.PORT ?? 3000);
const onApi = Boolean(process.env.ANTHALE_API_KEY && process.env.ANTHALE_POLICY_ID);
const mock = onApi ? undefined : await startMockServer();
const client = mock ? new Anthale({ apiKey: "demo-key", baseURL: mock.url }) : new Anthale();
const policyId = process.env.ANTHALE_POLICY_ID ?? "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
const server = createChatServer({
  enforcer: new PolicyEnforcer({ policyId, client, metadata: { app: "chat-server-example" } }),
  model: echoModel,
  forwardMockExample: Boolean(mock),
});

server.listen(port, "127.0.0.1", () => {
  console.log(
    `Guarded chat endpoint on http://127.0.0.1:${port}/chat (${mock ? `mock at ${mock.url}` : "Anthale API"})`,
  );
  console.log(
    `Try: curl -s -X POST http://127.0.0.1:${port}/chat -H 'content-type: application/json'${mock ? " -H 'x-mock-example: block'" : ""} -d '{"messages":[{"role":"user","content":"Hello"}]}'`,
  );
});

const stop = () => {
  server.close();
  void mock?.stop().then(() => process.exit(0));
  if (!mock) process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
