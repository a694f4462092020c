import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock the global setup started, such as `http://127.0.0.1:41234`. */
    prismUrl: string;
  }
}

/** Starts one Prism mock for the test run, provides its URL as `prismUrl`; resolves to its teardown. */
export default function setup(project: TestProject): Promise<() => Promise<void>>;
