// A fetch whose connection pool holds at most `connections` sockets per origin, built from the
// Agent class of Node's own fetch (reached through the global-dispatcher symbol Node shares with
// the undici package), so no extra dependency is needed.
//
// Node's default pool may open a socket beyond the number of requests in flight when a request is
// dispatched just before the previous response's socket is released. A capped pool has no such
// slack: if the SDK ever held a connection (an unread body, say), calls would queue and stall.

interface Dispatcher {
  close(): Promise<void>;
}

/** A fetch limited to `connections` sockets per origin, and a way to close its pool. */
export async function cappedFetch(connections: number) {
  const key = Symbol.for("undici.globalDispatcher.1");
  const scope = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  if (!scope[key]) {
    // Node installs its global dispatcher on first use; a request nobody answers is enough.
    await fetch("http://127.0.0.1:9").catch(() => {});
  }
  const global = scope[key];
  if (!global)
    throw new Error("Node's fetch exposes no global dispatcher to take the Agent class from");
  const Agent = global.constructor as new (options: { connections: number }) => Dispatcher;
  const dispatcher = new Agent({ connections });
  return {
    fetch: (url: string, init: RequestInit) => fetch(url, { ...init, dispatcher } as RequestInit),
    close: () => dispatcher.close(),
  };
}
