import { describe, expect, it } from "vitest";
import { createAnthaleClient, DEFAULT_BASE_URL } from "./index.js";

const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";

function capture() {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify({ enforcerIdentifier: "e", action: "allow" }), {
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, requests };
}

describe("createAnthaleClient", () => {
  it("sends the enforce operation with the bearer key to the base URL", async () => {
    const { fetch, requests } = capture();
    const client = createAnthaleClient({
      apiKey: "key-1",
      baseUrl: "http://127.0.0.1:4010/",
      fetch,
      headers: { "X-Team": "a" },
    });
    const { data } = await client.POST("/organizations/policies/{policy_identifier}/enforce", {
      params: { path: { policy_identifier: policyId } },
      body: { direction: "input", messages: [{ role: "user", content: "Hello" }] },
    });
    expect(data?.action).toBe("allow");
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`http://127.0.0.1:4010/organizations/policies/${policyId}/enforce`);
    expect(request?.headers.get("authorization")).toBe("Bearer key-1");
    expect(request?.headers.get("x-team")).toBe("a");
    expect(await request?.json()).toEqual({
      direction: "input",
      messages: [{ role: "user", content: "Hello" }],
    });
  });

  it("defaults to the production API", async () => {
    const { fetch, requests } = capture();
    await createAnthaleClient({ apiKey: "k", fetch }).POST(
      "/organizations/policies/{policy_identifier}/enforce",
      {
        params: { path: { policy_identifier: policyId } },
        body: {
          direction: "output",
          messages: [{ role: "assistant", content: [{ type: "text", text: "Hi" }] }],
        },
      },
    );
    expect(DEFAULT_BASE_URL).toBe("https://api.anthale.com");
    expect(requests[0]?.url.startsWith("https://api.anthale.com/")).toBe(true);
  });

  it("does not let default headers replace the key", async () => {
    const { fetch, requests } = capture();
    await createAnthaleClient({
      apiKey: "real",
      fetch,
      headers: { Authorization: "Bearer other" },
    }).POST("/organizations/policies/{policy_identifier}/enforce", {
      params: { path: { policy_identifier: policyId } },
      body: { direction: "input", messages: [{ role: "user", content: "x" }] },
    });
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer real");
  });

  it("requires an API key", () => {
    expect(() => createAnthaleClient({ apiKey: "" })).toThrow(/apiKey/);
  });
});
