import type { ConstDirectiveNode, GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { DomainError } from "../errors.ts";

/**
 * What one request to a subgraph may actually spend, by the `@cost` weights of the fields it resolves. The
 * gateway refuses an operation by its estimate before planning it, but an estimate assumes list sizes
 * (`@listSize(assumedSize)`): a store with more widgets or products than assumed makes the real work
 * larger. Here every costly field is charged as it resolves, one entity at a time, so no request does more
 * than `maxCost` of work whatever the data holds; past it, each further costly field is an error.
 */
export function chargeCostlyFields(schema: GraphQLSchema, maxCost: number): GraphQLSchema {
  const spent = new WeakMap<object, number>();
  for (const type of Object.values(schema.getTypeMap())) {
    // By shape, not graphql's `isObjectType`: the schema may come from graphql's other (CommonJS) build,
    // whose classes this module's build does not recognise.
    if (!("getInterfaces" in type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const weight = costWeightOf(field.astNode?.directives);
      // A costly field has a resolver of its own (a plain property costs nothing to read).
      const resolve: GraphQLFieldResolver<unknown, object> | undefined = field.resolve;
      if (!weight || !resolve) continue;
      field.resolve = (source, args, context: object, info) => {
        const total = (spent.get(context) ?? 0) + weight;
        spent.set(context, total);
        if (total > maxCost)
          throw new DomainError(
            "COST_LIMIT_EXCEEDED",
            `This request's cost passed ${maxCost}; ask for fewer figures at once`,
          );
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

function costWeightOf(directives: readonly ConstDirectiveNode[] | undefined): number {
  const weight = directives
    ?.find((directive) => directive.name.value === "cost")
    ?.arguments?.find((arg) => arg.name.value === "weight")?.value;
  return weight?.kind === "IntValue" ? Number(weight.value) : 0;
}
