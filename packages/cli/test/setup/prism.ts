// Starts one Prism mock of the contract (in its contract-checking mode) for the whole test run.
// Tests read its base URL with `inject("prismUrl")`.
import { startMockServer } from "@anthale/mock-server";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startMockServer();
  project.provide("prismUrl", server.url);
  return async () => {
    await server.stop();
  };
}
