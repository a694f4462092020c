// A fetch that forwards to the real one and keeps every response, so contract tests can check
// what Prism said about each request (the `sl-violations` header lists contract violations).

export interface Exchange {
  request: Request;
  body: unknown;
  response: Response;
}

export function recordingFetch() {
  const exchanges: Exchange[] = [];
  const fetchAndRecord = async (url: string, init: RequestInit): Promise<Response> => {
    const request = new Request(url, init);
    const body = await request.clone().json();
    const response = await fetch(request);
    exchanges.push({ request, body, response });
    return response;
  };
  return { fetch: fetchAndRecord, exchanges };
}

export function violationsOf(exchange: Exchange): unknown[] {
  const header = exchange.response.headers.get("sl-violations");
  return header ? (JSON.parse(header) as unknown[]) : [];
}
