// The SDK's layering rule, checked by `pnpm lint`: a module imports only from its own layer or a
// lower one, never from a higher one, and no import cycle exists. Layers, lowest first:
const layers = [
  "base", // errors and public types
  "checks", // option and input checks
  "support", // secrets, logging, environment
  "request", // building the enforce request from the contract
  "transport", // sending it: attempts, retries, body limits
  "redaction", // the redaction engine
  "tracing", // OpenTelemetry spans of enforce calls (@opentelemetry/api is an optional peer)
  "core", // the client, policies, the policy enforcer
  "testing", // the testing kit (@anthale/sdk/testing): above core, beside the integrations
  "integrations/shared", // what every framework integration is built from
  "integrations/(?!shared/)[^/]+", // one folder per framework
];

const folder = (layer) => `^src/${layer}/`;

/** One rule per layer: nothing in it may import from any layer above it. */
const upwardImports = layers.slice(0, -1).map((layer, index) => ({
  name: `no-upward-import-from-${layer.replace(/\W+/g, "-")}`,
  comment: `${layer} sits below ${layers.slice(index + 1).join(", ")} and the public entry.`,
  severity: "error",
  from: { path: folder(layer) },
  to: { path: [...layers.slice(index + 1).map(folder), "^src/index\\.ts$"] },
}));

module.exports = {
  forbidden: [
    ...upwardImports,
    {
      name: "no-import-between-frameworks",
      comment: "A framework integration uses shared pieces, never another framework's folder.",
      severity: "error",
      from: { path: "^src/integrations/([^/]+)/", pathNot: "^src/integrations/shared/" },
      to: {
        path: "^src/integrations/",
        pathNot: ["^src/integrations/$1/", "^src/integrations/shared/"],
      },
    },
    {
      name: "no-import-of-testing",
      comment:
        "The testing kit is for tests: no published module (the integrations and the public entry included) imports it.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/testing/" },
      to: { path: "^src/testing/" },
    },
    {
      name: "no-cycle",
      comment: "Modules that import each other cannot be read top-down.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-tests-in-source",
      comment: "Published code never imports test code.",
      severity: "error",
      from: { path: "^src/", pathNot: "\\.test\\.ts$" },
      to: { path: ["\\.test\\.ts$", "^test/"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
