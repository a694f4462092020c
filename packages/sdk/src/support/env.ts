// Reading the environment, on runtimes that have one (`process.env`).

/** Reads an environment variable on runtimes that have `process.env`; blank counts as unset. */
export function readEnv(name: string): string | undefined {
  const env = typeof process === "undefined" ? undefined : process.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}
