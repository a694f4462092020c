// A TypeDoc plugin that leaves out of the API reference the type aliases whose type is an empty
// map (`Record<string, never>`): the contract's generated `$defs` and `webhooks`, which describe
// nothing this API has. Any other alias of that type would be left out too, which is what a
// reader wants: it has no member to document.
import { Converter, ReflectionKind } from "typedoc";

/** True when `type` is `Record<string, never>`. */
function isEmptyMap(type) {
  return (
    type?.type === "reference" &&
    type.name === "Record" &&
    type.typeArguments?.length === 2 &&
    type.typeArguments[0].type === "intrinsic" &&
    type.typeArguments[0].name === "string" &&
    type.typeArguments[1].type === "intrinsic" &&
    type.typeArguments[1].name === "never"
  );
}

/** Registers the plugin with TypeDoc. */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const alias of context.project.getReflectionsByKind(ReflectionKind.TypeAlias)) {
      if (isEmptyMap(alias.type)) context.project.removeReflection(alias);
    }
  });
}
