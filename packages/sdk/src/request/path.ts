// Fills a path template of the contract ("/organizations/policies/{policy_identifier}/enforce")
// with its parameters, each one encoded.
import { AnthaleValidationError } from "../base/errors.js";

/**
 * The names of the parameters of a path template, such as `"policy_identifier"` for
 * `"/organizations/policies/{policy_identifier}/enforce"`.
 */
export type PathParameterName<Template extends string> =
  Template extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParameterName<Rest> : never;

/** A value for every parameter of a path template. */
export type PathParameters<Template extends string> = Readonly<
  Record<PathParameterName<Template>, string>
>;

const parameterPattern = /\{([^{}]+)\}/g;

/** Values that encoding leaves as they are but a URL reads as the segment itself or its parent. */
const dotSegments: ReadonlySet<string> = new Set(["", ".", ".."]);

/**
 * `template` with each `{name}` replaced by `values[name]` encoded with `encodeURIComponent`, so a
 * value can never add a path segment, a query or a fragment (`a/b?c` is sent as `a%2Fb%3Fc`).
 * The compiler requires a value for every parameter the template names; a value that is missing
 * all the same (only own properties count), empty, `.` or `..` (which a URL would read as no
 * segment, this one or its parent, escaped or not) is an `AnthaleValidationError` naming the
 * parameter, never a request to another path.
 */
export function fillPath<Template extends string>(
  template: Template,
  values: PathParameters<Template>,
): string {
  const given: Readonly<Record<string, unknown>> = values;
  return template.replace(parameterPattern, (_placeholder, name: string) => {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (typeof value !== "string" || dotSegments.has(value)) {
      throw new AnthaleValidationError(
        name,
        "must be a non-empty string other than . and .. (a path parameter)",
      );
    }
    return encodeURIComponent(value);
  });
}
