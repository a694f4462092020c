#!/usr/bin/env node
// anthale-mock [--port N]: runs the Prism mock of the Anthale contract until interrupted.
import { startMockServer } from "./index.mjs";

const portFlag = process.argv.indexOf("--port");
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 4010;
const server = await startMockServer({ port });
console.log(`Anthale mock server (Prism, contract-checking) listening on ${server.url}`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
