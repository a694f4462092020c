// Bundles an edge worker from the smoke app with esbuild, as a deployment tool would: the packed
// SDK and the AI SDK come from the app's node_modules, resolved with the runtime's export
// conditions, for a platform without Node.js built-ins.
import { join } from "node:path";
import { build } from "esbuild";

/**
 * Bundles `app/edge/<entry>` into one file in `app/edge-dist/`; resolves to its path.
 * @param {string} app the smoke app's folder
 * @param {{ entry: string, format: "esm" | "iife", conditions: string[], outfile: string }} target
 */
export async function bundleWorker(app, target) {
  const outfile = join(app, "edge-dist", target.outfile);
  await build({
    absWorkingDir: app,
    entryPoints: [join(app, "edge", target.entry)],
    outfile,
    bundle: true,
    format: target.format,
    platform: "browser",
    conditions: target.conditions,
    target: "es2022",
    logLevel: "silent",
  });
  return outfile;
}
