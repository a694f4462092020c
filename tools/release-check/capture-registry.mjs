// A local npm registry for the release rehearsal: it knows no package (so every version is new),
// accepts every publish and keeps what was uploaded — the manifest and the tarball — for the
// rehearsal to inspect, exactly as a real registry would receive them.
import { createServer } from "node:http";

/**
 * One upload: the package's name and version, its dist-tag, the manifest the registry received,
 * the tarball's bytes and whether the request carried a token.
 * @typedef {{ name: string, version: string, tag: string, manifest: Record<string, unknown>,
 *   tarball: Buffer, authorized: boolean }} Upload
 */

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function answer(response, status, body) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Reads one publish request body (the npm registry's package document) into an upload. */
function uploadOf(document, authorized) {
  const [version] = Object.keys(document.versions ?? {});
  const [attachment] = Object.values(document._attachments ?? {});
  const [tag] = Object.keys(document["dist-tags"] ?? {});
  if (!version || !attachment) throw new Error("a publish without a version or a tarball");
  return {
    name: document.name,
    version,
    tag,
    manifest: document.versions[version],
    tarball: Buffer.from(attachment.data, "base64"),
    authorized,
  };
}

/**
 * Starts the registry on a free loopback port. Resolves with its `url` (ending in `/`), the
 * `uploads` received so far, and `stop()`.
 * @returns {Promise<{ url: string, uploads: Upload[], stop: () => Promise<void> }>}
 */
export async function startCaptureRegistry() {
  /** @type {Upload[]} */
  const uploads = [];
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    if (request.method === "PUT") {
      try {
        uploads.push(uploadOf(JSON.parse(body), Boolean(request.headers.authorization)));
        answer(response, 201, { ok: true });
      } catch (error) {
        answer(response, 400, { error: String(error.message) });
      }
      return;
    }
    answer(response, 404, { error: "not found" });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    uploads,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
