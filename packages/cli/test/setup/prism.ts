// Starts one Prism mock of the contract (in its contract-checking mode) for the whole test run.
// Tests read its base URL with `inject("prismUrl")`.
export { default } from "@anthale/mock-server/vitest-setup";
