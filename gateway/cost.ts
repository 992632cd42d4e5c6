import type { ApolloServerPlugin } from "@apollo/server";
import {
  buildASTSchema,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  typeFromAST,
  valueFromASTUntyped,
} from "graphql";
import { apiSchemaSdl } from "../lib/supergraph.ts";

/** What the subgraphs' `@cost` and `@listSize` say of one field (composed into the supergraph). */
interface FieldCost {
  weight?: number;
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** `Type.field` → its cost directives, read from the supergraph's SDL. */
export type CostModel = Map<string, FieldCost>;

export function costModelFrom(supergraphSdl: string): CostModel {
  const model: CostModel = new Map();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
      continue;
    for (const field of definition.fields ?? []) {
      const cost: FieldCost = {};
      for (const directive of field.directives ?? []) {
        const args = Object.fromEntries(
          (directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]),
        );
        if (directive.name.value === "cost") cost.weight = Number(args.weight);
        if (directive.name.value === "listSize") Object.assign(cost, args);
      }
      if (Object.keys(cost).length > 0) model.set(`${definition.name.value}.${field.name.value}`, cost);
    }
  }
  return model;
}

export interface CostLimits {
  /** Operations estimated above this are refused before they are planned (MAX_QUERY_COST). */
  maxCost: number;
  /** The size assumed for a list no directive sizes. */
  defaultListSize: number;
}

/**
 * The dashboard's date range over a store of 50 widgets with 20 products each (the sizes assumed) costs
 * about 11,600; 145 aliased range sums under those widgets cost 1.6 million.
 */
export const defaultCostLimits: CostLimits = { maxCost: 20_000, defaultListSize: 10 };

/**
 * The estimated cost of an operation, after the GraphQL cost directive spec that Apollo Router's demand
 * control enforces: a field costs its `@cost` weight (default 1 for an object, 0 for a scalar) plus what
 * it selects, times its list size (a slicing argument's value, else `@listSize(assumedSize)`, else the
 * default). A field that answers one item per id it is given (an `ids: [ID!]!` argument, such as
 * `storesByIds`) is sized by how many it is given, up to its assumed size: the spec's slicing arguments
 * are Int only. Fragments are costed once each.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  model: CostModel,
  limits: CostLimits,
): number {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const fragmentCosts = new Map<string, number>();
  // A variable the request leaves out takes its default from the operation, not the field's.
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? [])
    if (definition.defaultValue)
      values[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  Object.assign(values, variables);
  const argument = (field: FieldNode, name: string) => {
    const node = field.arguments?.find((arg) => arg.name.value === name)?.value;
    if (!node) return undefined;
    const value = valueFromASTUntyped(node, values);
    return typeof value === "number" ? value : undefined;
  };
  /** How many ids a field is given, when it answers one item per id. */
  const idCount = (field: FieldNode) => {
    const node = field.arguments?.find((arg) => arg.name.value === "ids")?.value;
    const value = node ? valueFromASTUntyped(node, values) : undefined;
    return Array.isArray(value) ? value.length : undefined;
  };

  const costOf = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType,
    sized?: { fields: string[]; size: number },
  ): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? typeFromAST(schema, selection.typeCondition) : parent;
        total += type ? costOf(selection.selectionSet, getNamedType(type), sized) : 0;
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment) continue;
        if (!fragmentCosts.has(name)) {
          const type = typeFromAST(schema, fragment.typeCondition);
          fragmentCosts.set(name, type ? costOf(fragment.selectionSet, getNamedType(type), sized) : 0);
        }
        total += fragmentCosts.get(name) ?? 0;
      } else {
        if (!isObjectType(parent) || selection.name.value.startsWith("__")) continue;
        const definition: GraphQLField<unknown, unknown> | undefined =
          parent.getFields()[selection.name.value];
        if (!definition) continue;
        const named = getNamedType(definition.type);
        const directives = model.get(`${parent.name}.${definition.name}`) ?? {};
        const slicing = (directives.slicingArguments ?? [])
          .map((name) => argument(selection, name) ?? defaultOf(definition, name))
          .filter((value): value is number => value !== undefined);
        // A negative size (refused by the resolver, but the operation's other fields still run) must not
        // subtract from the total: no list is shorter than empty.
        const assumed = directives.assumedSize ?? limits.defaultListSize;
        const ids = idCount(selection);
        const size = Math.max(
          0,
          slicing.length > 0 ? Math.max(...slicing) : ids !== undefined ? Math.min(ids, assumed) : assumed,
        );
        const own = directives.weight ?? (isCompositeType(named) ? 1 : 0);
        const multiplier = sized?.fields.includes(definition.name)
          ? sized.size
          : isListType(getNullableType(definition.type))
            ? size
            : 1;
        const childSized = directives.sizedFields ? { fields: directives.sizedFields, size } : undefined;
        const below = selection.selectionSet ? costOf(selection.selectionSet, named, childSized) : 0;
        total += multiplier * (own + below);
      }
    }
    return total;
  };
  const root = schema.getRootType(operation.operation);
  return root ? costOf(operation.selectionSet, root) : 0;
}

function defaultOf(field: GraphQLField<unknown, unknown>, name: string): number | undefined {
  const value = field.args.find((arg) => arg.name === name)?.defaultValue;
  return typeof value === "number" ? value : undefined;
}

/**
 * Refuses, before the gateway plans it, an operation whose estimated cost exceeds the limit: field counts
 * are not cost (145 aliased range sums under a store's widgets ran 615 ms).
 */
export function costLimitPlugin(supergraphSdl: string, limits: CostLimits): ApolloServerPlugin {
  const model = costModelFrom(supergraphSdl);
  // The API schema built here, with this module's graphql: the gateway's own schema objects come from
  // graphql's CommonJS build, which the type checks of this (ESM) one refuse to recognise.
  const schema = buildASTSchema(parse(apiSchemaSdl(supergraphSdl)));
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const cost = estimateCost(schema, document, operation, request.variables ?? {}, model, limits);
          if (cost > limits.maxCost)
            throw new GraphQLError(
              `The operation's estimated cost is ${Math.round(cost)}; at most ${limits.maxCost} is allowed`,
              {
                extensions: {
                  code: "COST_LIMIT_EXCEEDED",
                  cost,
                  maxCost: limits.maxCost,
                  http: { status: 400 },
                },
              },
            );
        },
      };
    },
  };
}
