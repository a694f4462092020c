// Serves a bundled `fetch` event worker with Vercel's Edge Runtime (the `edge-runtime` package)
// on a free loopback port:
//   node serve-edge-runtime.mjs <runtime folder> <bundle>
// Prints `{"url": ...}` on one line once it serves, and stops on SIGTERM or when its standard
// input ends.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const [folder, bundle] = process.argv.slice(2);
const { EdgeRuntime, runServer } = createRequire(join(folder, "package.json"))("edge-runtime");
const runtime = new EdgeRuntime({ initialCode: await readFile(bundle, "utf8") });
const server = await runServer({ runtime, host: "127.0.0.1", port: 0 });
const shutdown = async () => {
  await server.close();
  process.exit(0);
};
process.once("SIGTERM", shutdown);
// The runner holds standard input open: when it ends (however it ends), stop with it.
process.stdin.once("end", shutdown).resume();
console.log(JSON.stringify({ url: server.url }));
