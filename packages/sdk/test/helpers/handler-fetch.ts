// Test helper: a `fetch` that hands every Request to a handler, and remembers them.

/** Answers one request; may throw to simulate a network failure. */
export type Handler = (request: Request, attempt: number) => Response | Promise<Response>;

/** Builds an injectable fetch and the list of requests it received. */
export function handlerFetch(handler: Handler) {
  const requests: Request[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    const request = new Request(url, init);
    requests.push(request);
    return handler(request, requests.length);
  };
  return { fetch, requests };
}

/** A JSON response with the given status and headers. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A minimal valid enforcement result. */
export const allowBody = {
  enforcerIdentifier: "0f3c9a8e-7d21-4b6a-8e5f-1a2b3c4d5e6f",
  action: "allow",
};

/** A policy identifier. */
export const policyId = "5b1f0f52-3c8e-4d8a-9a57-2f0d6c1e7a44";
