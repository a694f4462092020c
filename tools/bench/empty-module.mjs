// A module with nothing in it: importing it measures what Node.js itself spends to import a file
// (starting the ES module loader), the floor under the SDK's import time.
export {};
