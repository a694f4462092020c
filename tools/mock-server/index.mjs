// Starts Prism (the Stoplight mock server) over the Anthale contract on a free loopback port.
// `--errors` makes Prism answer a request that breaks the contract with an error instead of a
// mock, so a test that gets a result back knows its request was valid.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const contractPath = fileURLToPath(new URL("../../openapi/anthale.yaml", import.meta.url));

function prismEntry() {
  const manifestPath = require.resolve("@stoplight/prism-cli/package.json");
  const manifest = require(manifestPath);
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin.prism;
  return join(dirname(manifestPath), bin);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startMockServer(options = {}) {
  const port = options.port ?? (await freePort());
  const contract = options.contract ?? contractPath;
  const startTimeout = options.startTimeout ?? 60_000;
  const child = spawn(
    process.execPath,
    [prismEntry(), "mock", contract, "--host", "127.0.0.1", "--port", String(port), "--errors"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", resolve));

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Prism did not start within ${startTimeout} ms:\n${output}`));
    }, startTimeout);
    const onData = (chunk) => {
      output += chunk;
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code} before listening:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
