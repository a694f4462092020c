// Serves a bundled ES module worker (`export default { fetch }`) with Cloudflare's workerd,
// through Miniflare, on a free loopback port. Run by a Node.js that Miniflare supports:
//   node serve-workerd.mjs <runtime folder> <bundle>
// Prints `{"url": ...}` on one line once it serves, and stops (workerd included) on SIGTERM or
// when its standard input ends.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const [folder, bundle] = process.argv.slice(2);
const { Miniflare } = createRequire(join(folder, "package.json"))("miniflare");
const miniflare = new Miniflare({
  // The module is named rather than found by Miniflare's scan, which refuses the SDK's one
  // `import()` with a computed name (of the optional `@opentelemetry/api`); workerd itself runs
  // it, and the SDK goes on without tracing when it fails.
  modules: [{ type: "ESModule", path: bundle }],
  modulesRoot: dirname(bundle),
  // No `nodejs_compat` flag: the SDK needs none of Node.js's modules.
  compatibilityDate: "2025-09-01",
  host: "127.0.0.1",
  port: 0,
});
const shutdown = async () => {
  await miniflare.dispose();
  process.exit(0);
};
process.once("SIGTERM", shutdown);
// The runner holds standard input open: when it ends (however it ends), stop with it.
process.stdin.once("end", shutdown).resume();
const url = await miniflare.ready;
console.log(JSON.stringify({ url: url.href }));
