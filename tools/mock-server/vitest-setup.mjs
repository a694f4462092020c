// A vitest global setup that starts one Prism mock of the contract (in its contract-checking mode)
// for the whole test run and stops it at the end. Tests read its base URL with
// `inject("prismUrl")`. Use it from a package's own setup file:
//   export { default } from "@anthale/mock-server/vitest-setup";
import { startMockServer } from "./index.mjs";

/** Starts the mock, provides its URL as `prismUrl`, and returns the teardown that stops it. */
export default async function setup(project) {
  const server = await startMockServer();
  project.provide("prismUrl", server.url);
  return async () => {
    await server.stop();
  };
}
