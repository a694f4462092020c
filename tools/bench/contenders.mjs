// The calls the benchmark compares, all sending the same enforcement request to the same server.
import { createAnthaleClient } from "@anthale/client";
import { Anthale } from "@anthale/sdk";
import { allowPolicy, redactPolicy } from "./fixed-server.mjs";

/** The conversation every contender sends. */
const messages = [
  { role: "system", content: "You are a customer support assistant." },
  { role: "user", content: "My new address is jane.doe@example.com, please update my account." },
];

/** Builds the contenders for a server; each is `{ name, call }` where `call()` resolves to a result. */
export function createContenders(baseURL) {
  const apiKey = "bench-key";
  const rawUrl = `${baseURL}/organizations/policies/${allowPolicy}/enforce`;
  const client = createAnthaleClient({ apiKey, baseUrl: baseURL });
  const sdk = new Anthale({ apiKey, baseURL, logLevel: "off" });
  const policies = sdk.organizations.policies;
  const params = { direction: "input", messages };
  return [
    {
      // The floor: what an application writes without any SDK (serialize, POST, parse).
      name: "raw fetch",
      call: async () => {
        const response = await fetch(rawUrl, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ direction: "input", messages, includeEvaluations: true }),
        });
        return response.json();
      },
    },
    {
      name: "@anthale/client",
      call: async () =>
        (
          await client.POST("/organizations/policies/{policy_identifier}/enforce", {
            params: { path: { policy_identifier: allowPolicy } },
            body: { direction: "input", messages, includeEvaluations: true },
          })
        ).data,
    },
    { name: "sdk enforce", call: () => policies.enforce(allowPolicy, params) },
    {
      name: "sdk, no evaluations",
      call: () => policies.enforce(allowPolicy, { ...params, includeEvaluations: false }),
    },
    { name: "sdk + redaction", call: () => policies.enforce(redactPolicy, params) },
    {
      // With a caller's signal every request carries one, which Node's fetch charges for.
      name: "sdk, caller signal",
      call: () => policies.enforce(allowPolicy, params, { signal: new AbortController().signal }),
    },
  ];
}
