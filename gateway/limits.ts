import {
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

export interface QueryLimits {
  /** Deepest field nesting allowed (the weekly report is 4 deep). */
  maxDepth: number;
  /** Most fields an operation may select, aliases and fragment expansions included. */
  maxFields: number;
}

export const defaultLimits: QueryLimits = { maxDepth: 10, maxFields: 300 };

interface Size {
  depth: number;
  fields: number;
}

/**
 * Each mutation at most once per operation. A per-call limit (50 impressions, one click) is a per-request
 * limit only if aliases cannot repeat the call: 18 aliased `recordImpressions` in one POST added 900
 * impressions to a widget. Fragments spread on the mutation root count with it.
 */
export const singleMutationsRule: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(operation) {
    if (operation.operation !== "mutation") return;
    const seen = new Set<string>();
    const visit = (selectionSet: SelectionSetNode, fragments: Set<string>) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, fragments);
        else if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = context.getFragment(selection.name.value);
          if (!fragment || fragments.has(fragment.name.value)) continue; // cycles: GraphQL's own rules
          visit(fragment.selectionSet, new Set([...fragments, fragment.name.value]));
        } else if (selection.name.value !== "__typename") {
          if (seen.has(selection.name.value))
            return void context.reportError(
              // Apollo answers every validation error GRAPHQL_VALIDATION_FAILED; the message says which.
              new GraphQLError(`\`${selection.name.value}\` may be called once per operation`, {
                nodes: [selection],
              }),
            );
          seen.add(selection.name.value);
        }
      }
    };
    visit(operation.selectionSet, new Set());
  },
});

/**
 * One validation rule for depth and size, checked before anything is planned or fetched. Fragments are
 * measured once each, so a "fragment bomb" that multiplies fields is counted at its full size without
 * being expanded. Introspection (`__schema`, `__type`) is not measured: it is off in production anyway.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const size = measure(context, operation.selectionSet, new Map(), new Set());
      if (size.depth > limits.maxDepth) {
        context.reportError(
          new GraphQLError(`The query is ${size.depth} levels deep; at most ${limits.maxDepth} are allowed`, {
            nodes: [operation],
            extensions: { code: "QUERY_TOO_DEEP" },
          }),
        );
      }
      if (size.fields > limits.maxFields) {
        context.reportError(
          new GraphQLError(
            `The query selects ${size.fields} fields; at most ${limits.maxFields} are allowed`,
            {
              nodes: [operation],
              extensions: { code: "QUERY_TOO_LARGE" },
            },
          ),
        );
      }
    },
  });
}

function measure(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  fragments: Map<string, Size>,
  visiting: Set<string>,
): Size {
  let depth = 0;
  let fields = 0;
  for (const selection of selectionSet.selections) {
    let inner: Size;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === "__schema" || selection.name.value === "__type") continue;
      const below = selection.selectionSet
        ? measure(context, selection.selectionSet, fragments, visiting)
        : { depth: 0, fields: 0 };
      inner = { depth: below.depth + 1, fields: below.fields + 1 };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(context, selection.selectionSet, fragments, visiting);
    } else {
      inner = measureFragment(context, context.getFragment(selection.name.value), fragments, visiting);
    }
    depth = Math.max(depth, inner.depth);
    fields += inner.fields;
  }
  return { depth, fields };
}

function measureFragment(
  context: ValidationContext,
  fragment: FragmentDefinitionNode | null | undefined,
  fragments: Map<string, Size>,
  visiting: Set<string>,
): Size {
  // Unknown or cyclic fragments are reported by GraphQL's own rules.
  if (!fragment || visiting.has(fragment.name.value)) return { depth: 0, fields: 0 };
  const known = fragments.get(fragment.name.value);
  if (known) return known;
  visiting.add(fragment.name.value);
  const size = measure(context, fragment.selectionSet, fragments, visiting);
  visiting.delete(fragment.name.value);
  fragments.set(fragment.name.value, size);
  return size;
}
