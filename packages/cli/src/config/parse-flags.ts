// Parsers for flag values, each refusing a bad value with a line that names the flag and says
// what it expects.
import { CliError } from "./cli-error.js";

/** `--metadata k=v`, repeatable: accumulates into an object (a later key wins). */
export function parseMetadataFlag(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const at = value.indexOf("=");
  if (at <= 0) {
    throw new CliError(`--metadata expects key=value (for example tenant=acme), not "${value}".`);
  }
  const key = value.slice(0, at).trim();
  if (!key || key === "__proto__") {
    throw new CliError(`--metadata expects key=value with a non-empty key, not "${value}".`);
  }
  return { ...previous, [key]: value.slice(at + 1) };
}

/** A whole number from `min` to `max`, for the flag named. */
export function parseWholeNumber(flag: string, min: number, max: number) {
  return (value: string): number => {
    const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) {
      throw new CliError(`${flag} expects a whole number from ${min} to ${max}, not "${value}".`);
    }
    return number;
  };
}

/** A ratio from 0 to 1 (0.9, or 90%), for the flag named. */
export function parseRatio(flag: string) {
  return (value: string): number => {
    const text = value.trim();
    const percent = text.endsWith("%");
    const number = Number(percent ? text.slice(0, -1) : text);
    const ratio = percent ? number / 100 : number;
    if (text === "" || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
      throw new CliError(`${flag} expects a number from 0 to 1 (for example 0.9), not "${value}".`);
    }
    return ratio;
  };
}

/** `--direction`: `input` or `output`. */
export function parseDirection(value: string): "input" | "output" {
  if (value === "input" || value === "output") return value;
  throw new CliError(`--direction expects input or output, not "${value}".`);
}
